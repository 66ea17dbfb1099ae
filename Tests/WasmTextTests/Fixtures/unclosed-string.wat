(module
  (func
    "unterminated
  ))
