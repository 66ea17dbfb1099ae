(module
  (func
    (br $nowhere)))
