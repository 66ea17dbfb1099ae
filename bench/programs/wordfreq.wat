;; expected: 1439835615
;; wordfreq.c compiled by clang -O2 (the command is in wordfreq.c), printed by wasm-tools print.
(module $wordfreq.wasm
  (type (;0;) (func (param i32 i32) (result i32)))
  (type (;1;) (func (result i32)))
  (type (;2;) (func (param i32 i32 i32)))
  (table (;0;) 3 3 funcref)
  (memory (;0;) 8)
  (global $__stack_pointer (;0;) (mut i32) i32.const 468176)
  (export "memory" (memory 0))
  (export "run" (func $run))
  (elem (;0;) (i32.const 1) func $by_count_then_name $by_name)
  (func $run (;0;) (type 1) (result i32)
    (local i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)
    i32.const 0
    local.set 0
    i32.const 0
    local.set 1
    loop ;; label = @1
      block ;; label = @2
        i32.const 131072
        i32.eqz
        br_if 0 (;@2;)
        i32.const 1168
        i32.const 0
        i32.const 131072
        memory.fill
      end
      i32.const 0
      i32.load offset=1152
      local.set 2
      i32.const 0
      local.set 3
      loop ;; label = @2
        local.get 3
        local.get 2
        i32.const -2139243339
        i32.mul
        i32.const -1492899873
        i32.add
        local.tee 4
        i32.const 14
        i32.shr_u
        i32.const 60
        i32.and
        i32.load offset=1040
        local.tee 5
        i32.load8_u
        local.tee 6
        local.get 6
        i32.const -32
        i32.add
        local.get 2
        i32.const -301564143
        i32.mul
        i32.const -698016724
        i32.add
        local.tee 6
        i32.const 458752
        i32.and
        select
        i32.store8 offset=197776
        local.get 3
        local.get 5
        i32.load8_u offset=1
        i32.store8 offset=197777
        local.get 3
        i32.const 2
        i32.add
        local.set 5
        local.get 2
        i32.const 1103515245
        i32.mul
        i32.const 12345
        i32.add
        i32.const 16
        i32.shr_u
        i32.const 3
        i32.rem_u
        local.set 7
        block ;; label = @3
          local.get 2
          i32.const -1029531031
          i32.mul
          i32.const -740551042
          i32.add
          i32.const 65536
          i32.and
          i32.eqz
          br_if 0 (;@3;)
          local.get 7
          i32.eqz
          br_if 0 (;@3;)
          local.get 4
          i32.const 16
          i32.shr_u
          i32.const 7
          i32.mul
          i32.const 3
          i32.add
          local.set 2
          loop ;; label = @4
            local.get 5
            i32.const 197776
            i32.add
            local.get 2
            local.get 6
            i32.const 1103515245
            i32.mul
            i32.const 12345
            i32.add
            local.tee 6
            i32.const 16
            i32.shr_u
            i32.const 3
            i32.and
            i32.add
            i32.const 15
            i32.and
            i32.const 2
            i32.shl
            i32.load offset=1040
            local.tee 3
            i32.load8_u
            i32.store8
            local.get 5
            i32.const 197777
            i32.add
            local.get 3
            i32.load8_u offset=1
            i32.store8
            local.get 2
            i32.const 3
            i32.add
            local.set 2
            local.get 5
            i32.const 2
            i32.add
            local.set 5
            local.get 7
            i32.const -1
            i32.add
            local.tee 7
            br_if 0 (;@4;)
          end
          local.get 5
          i32.const -2
          i32.add
          local.set 3
        end
        local.get 5
        i32.const 44
        i32.const 32
        local.get 6
        i32.const 1103515245
        i32.mul
        i32.const 12345
        i32.add
        local.tee 2
        i32.const 16
        i32.shr_u
        i32.const 15
        i32.and
        local.tee 6
        i32.const 1
        i32.eq
        select
        i32.const 46
        local.get 6
        select
        i32.store8 offset=197776
        block ;; label = @3
          block ;; label = @4
            local.get 6
            i32.const 2
            i32.lt_u
            br_if 0 (;@4;)
            local.get 3
            i32.const 3
            i32.add
            local.set 3
            br 1 (;@3;)
          end
          local.get 3
          i32.const 197779
          i32.add
          i32.const 32
          i32.store8
          local.get 3
          i32.const 4
          i32.add
          local.set 3
        end
        local.get 3
        i32.const 204800
        i32.lt_u
        br_if 0 (;@2;)
      end
      i32.const 0
      local.set 8
      i32.const 0
      local.get 2
      i32.store offset=1152
      i32.const 0
      local.set 9
      loop ;; label = @2
        local.get 3
        local.get 9
        i32.const 1
        i32.add
        local.tee 5
        local.get 3
        local.get 5
        i32.gt_u
        select
        local.set 5
        local.get 9
        local.set 10
        block ;; label = @3
          block ;; label = @4
            loop ;; label = @5
              local.get 10
              i32.const 197776
              i32.add
              local.tee 11
              i32.load8_s
              i32.const 32
              i32.or
              i32.const -123
              i32.add
              i32.const -27
              i32.gt_u
              br_if 1 (;@4;)
              local.get 5
              local.get 10
              i32.const 1
              i32.add
              local.tee 10
              i32.ne
              br_if 0 (;@5;)
              br 2 (;@3;)
            end
          end
          local.get 10
          local.get 3
          i32.ge_u
          br_if 0 (;@3;)
          i32.const -2128831035
          local.set 12
          local.get 10
          local.set 9
          block ;; label = @4
            loop ;; label = @5
              local.get 9
              i32.const 197776
              i32.add
              i32.load8_s
              i32.const 32
              i32.or
              local.tee 5
              i32.const -123
              i32.add
              i32.const -26
              i32.lt_u
              br_if 1 (;@4;)
              local.get 12
              local.get 5
              i32.xor
              i32.const 16777619
              i32.mul
              local.set 12
              local.get 3
              local.get 9
              i32.const 1
              i32.add
              local.tee 9
              i32.ne
              br_if 0 (;@5;)
            end
            local.get 3
            local.set 9
          end
          local.get 9
          local.get 10
          i32.eq
          br_if 0 (;@3;)
          local.get 12
          i32.const 8191
          i32.and
          local.tee 13
          i32.const 4
          i32.shl
          local.tee 5
          i32.const 1168
          i32.add
          local.set 14
          block ;; label = @4
            block ;; label = @5
              local.get 5
              i32.load offset=1168
              local.tee 2
              i32.eqz
              br_if 0 (;@5;)
              local.get 9
              i32.const -1
              i32.add
              local.set 4
              loop ;; label = @6
                block ;; label = @7
                  local.get 14
                  i32.load offset=8
                  local.get 12
                  i32.ne
                  br_if 0 (;@7;)
                  local.get 9
                  local.get 14
                  i32.load offset=4
                  i32.sub
                  local.get 10
                  i32.ne
                  br_if 0 (;@7;)
                  local.get 10
                  local.set 5
                  block ;; label = @8
                    loop ;; label = @9
                      local.get 5
                      i32.const 197776
                      i32.add
                      i32.load8_u
                      local.get 2
                      i32.load8_u
                      i32.xor
                      local.tee 7
                      i32.const 223
                      i32.and
                      br_if 1 (;@8;)
                      local.get 2
                      i32.const 1
                      i32.add
                      local.set 2
                      local.get 4
                      local.get 5
                      i32.ne
                      local.set 6
                      local.get 5
                      i32.const 1
                      i32.add
                      local.set 5
                      local.get 6
                      br_if 0 (;@9;)
                    end
                  end
                  local.get 7
                  i32.const -33
                  i32.and
                  i32.const 255
                  i32.and
                  br_if 0 (;@7;)
                  local.get 14
                  local.get 14
                  i32.load offset=12
                  i32.const 1
                  i32.add
                  i32.store offset=12
                  br 3 (;@4;)
                end
                local.get 13
                i32.const 1
                i32.add
                i32.const 8191
                i32.and
                local.tee 13
                i32.const 4
                i32.shl
                local.tee 5
                i32.const 1168
                i32.add
                local.set 14
                local.get 5
                i32.load offset=1168
                local.tee 2
                br_if 0 (;@6;)
              end
            end
            local.get 14
            i32.const 1
            i32.store offset=12
            local.get 14
            local.get 12
            i32.store offset=8
            local.get 14
            local.get 9
            local.get 10
            i32.sub
            i32.store offset=4
            local.get 14
            local.get 11
            i32.store
            local.get 8
            i32.const 2
            i32.shl
            local.get 14
            i32.store offset=132240
            local.get 8
            i32.const 1
            i32.add
            local.set 8
          end
          local.get 9
          local.get 3
          i32.lt_u
          br_if 1 (;@2;)
        end
      end
      i32.const 132240
      local.get 8
      local.get 1
      i32.const 1
      i32.and
      i32.const 2
      i32.shl
      i32.load offset=1024
      call $merge_sort
      local.get 8
      local.get 0
      i32.const 31
      i32.mul
      i32.add
      local.set 0
      block ;; label = @2
        local.get 8
        i32.eqz
        br_if 0 (;@2;)
        local.get 8
        i32.const 1
        i32.and
        local.set 4
        i32.const 0
        local.set 7
        block ;; label = @3
          local.get 8
          i32.const 1
          i32.eq
          br_if 0 (;@3;)
          local.get 8
          i32.const -2
          i32.and
          local.set 3
          i32.const 0
          local.set 7
          i32.const 132240
          local.set 5
          loop ;; label = @4
            local.get 5
            i32.const 4
            i32.add
            i32.load
            local.tee 2
            i32.load offset=4
            local.get 2
            i32.load offset=12
            local.get 5
            i32.load
            local.tee 6
            i32.load offset=4
            local.get 6
            i32.load offset=12
            local.get 0
            i32.xor
            i32.const 16777619
            i32.mul
            i32.add
            local.get 6
            i32.load
            i32.load8_s
            i32.const 32
            i32.or
            i32.add
            i32.xor
            i32.const 16777619
            i32.mul
            i32.add
            local.get 2
            i32.load
            i32.load8_s
            i32.const 32
            i32.or
            i32.add
            local.set 0
            local.get 5
            i32.const 8
            i32.add
            local.set 5
            local.get 3
            local.get 7
            i32.const 2
            i32.add
            local.tee 7
            i32.ne
            br_if 0 (;@4;)
          end
        end
        local.get 4
        i32.eqz
        br_if 0 (;@2;)
        local.get 7
        i32.const 2
        i32.shl
        i32.load offset=132240
        local.tee 5
        i32.load offset=4
        local.get 5
        i32.load offset=12
        local.get 0
        i32.xor
        i32.const 16777619
        i32.mul
        i32.add
        local.get 5
        i32.load
        i32.load8_s
        i32.const 32
        i32.or
        i32.add
        local.set 0
      end
      local.get 1
      i32.const 1
      i32.add
      local.tee 1
      i32.const 6
      i32.ne
      br_if 0 (;@1;)
    end
    local.get 0
  )
  (func $merge_sort (;1;) (type 2) (param i32 i32 i32)
    (local i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)
    block ;; label = @1
      local.get 1
      i32.const 2
      i32.lt_u
      br_if 0 (;@1;)
      local.get 0
      local.get 1
      i32.const 1
      i32.shr_u
      local.tee 3
      local.get 2
      call $merge_sort
      local.get 0
      local.get 3
      i32.const 2
      i32.shl
      i32.add
      local.get 1
      local.get 3
      i32.sub
      local.get 2
      call $merge_sort
      i32.const 0
      local.set 4
      i32.const 165012
      local.set 5
      local.get 3
      local.set 6
      i32.const 0
      local.set 7
      block ;; label = @2
        loop ;; label = @3
          local.get 5
          local.set 8
          local.get 0
          local.get 7
          local.tee 9
          i32.const 2
          i32.shl
          i32.add
          local.set 7
          local.get 0
          local.get 6
          local.tee 10
          i32.const 2
          i32.shl
          i32.add
          local.set 6
          local.get 4
          i32.const 2
          i32.shl
          local.get 7
          local.get 6
          local.get 6
          i32.load
          local.get 7
          i32.load
          local.get 2
          call_indirect (type 0)
          local.tee 11
          i32.const -1
          i32.gt_s
          local.tee 5
          select
          i32.load
          i32.store offset=165008
          local.get 10
          local.get 11
          i32.const 31
          i32.shr_u
          i32.add
          local.set 6
          local.get 4
          i32.const 1
          i32.add
          local.set 4
          local.get 9
          local.get 5
          i32.add
          local.tee 7
          local.get 3
          i32.ge_u
          local.tee 12
          br_if 1 (;@2;)
          local.get 8
          i32.const 4
          i32.add
          local.set 5
          local.get 6
          local.get 1
          i32.lt_u
          br_if 0 (;@3;)
        end
      end
      block ;; label = @2
        local.get 12
        br_if 0 (;@2;)
        local.get 9
        local.get 11
        i32.const -1
        i32.xor
        i32.const 31
        i32.shr_u
        i32.add
        local.tee 7
        local.get 3
        i32.sub
        local.set 9
        local.get 0
        local.get 7
        i32.const 2
        i32.shl
        i32.add
        local.set 7
        i32.const 0
        local.set 5
        loop ;; label = @3
          local.get 8
          local.get 7
          i32.load
          i32.store
          local.get 7
          i32.const 4
          i32.add
          local.set 7
          local.get 8
          i32.const 4
          i32.add
          local.set 8
          local.get 9
          local.get 5
          i32.const -1
          i32.add
          local.tee 5
          i32.ne
          br_if 0 (;@3;)
        end
        local.get 4
        local.get 5
        i32.sub
        local.set 4
      end
      block ;; label = @2
        local.get 6
        local.get 1
        i32.ge_u
        br_if 0 (;@2;)
        local.get 4
        i32.const 2
        i32.shl
        i32.const 165008
        i32.add
        local.set 8
        local.get 1
        local.get 10
        local.get 11
        i32.const 31
        i32.shr_u
        i32.add
        local.tee 4
        i32.sub
        local.set 6
        local.get 0
        local.get 4
        i32.const 2
        i32.shl
        i32.add
        local.set 4
        loop ;; label = @3
          local.get 8
          local.get 4
          i32.load
          i32.store
          local.get 4
          i32.const 4
          i32.add
          local.set 4
          local.get 8
          i32.const 4
          i32.add
          local.set 8
          local.get 6
          i32.const -1
          i32.add
          local.tee 6
          br_if 0 (;@3;)
        end
      end
      local.get 1
      i32.const 3
      i32.and
      local.set 6
      i32.const 0
      local.set 7
      block ;; label = @2
        local.get 1
        i32.const 4
        i32.lt_u
        br_if 0 (;@2;)
        local.get 1
        i32.const -4
        i32.and
        local.set 11
        i32.const 0
        local.set 8
        i32.const 0
        local.set 7
        loop ;; label = @3
          local.get 0
          local.get 8
          i32.add
          local.tee 4
          local.get 8
          i32.const 165008
          i32.add
          i32.load
          i32.store
          local.get 4
          i32.const 4
          i32.add
          local.get 8
          i32.const 165012
          i32.add
          i32.load
          i32.store
          local.get 4
          i32.const 8
          i32.add
          local.get 8
          i32.const 165016
          i32.add
          i32.load
          i32.store
          local.get 4
          i32.const 12
          i32.add
          local.get 8
          i32.const 165020
          i32.add
          i32.load
          i32.store
          local.get 8
          i32.const 16
          i32.add
          local.set 8
          local.get 11
          local.get 7
          i32.const 4
          i32.add
          local.tee 7
          i32.ne
          br_if 0 (;@3;)
        end
      end
      local.get 6
      i32.eqz
      br_if 0 (;@1;)
      local.get 7
      i32.const 2
      i32.shl
      local.set 8
      loop ;; label = @2
        local.get 0
        local.get 8
        i32.add
        local.get 8
        i32.const 165008
        i32.add
        i32.load
        i32.store
        local.get 8
        i32.const 4
        i32.add
        local.set 8
        local.get 6
        i32.const -1
        i32.add
        local.tee 6
        br_if 0 (;@2;)
      end
    end
  )
  (func $by_count_then_name (;2;) (type 0) (param i32 i32) (result i32)
    (local i32 i32 i32 i32)
    block ;; label = @1
      local.get 0
      i32.load offset=12
      local.tee 2
      local.get 1
      i32.load offset=12
      local.tee 3
      i32.eq
      br_if 0 (;@1;)
      i32.const -1
      i32.const 1
      local.get 2
      local.get 3
      i32.gt_u
      select
      return
    end
    block ;; label = @1
      block ;; label = @2
        local.get 0
        i32.load offset=4
        local.tee 4
        local.get 1
        i32.load offset=4
        local.tee 5
        local.get 4
        local.get 5
        i32.lt_u
        select
        local.tee 2
        i32.eqz
        br_if 0 (;@2;)
        local.get 1
        i32.load
        local.set 1
        local.get 0
        i32.load
        local.set 0
        loop ;; label = @3
          local.get 0
          i32.load8_s
          i32.const 32
          i32.or
          local.get 1
          i32.load8_s
          i32.const 32
          i32.or
          i32.sub
          local.tee 3
          br_if 2 (;@1;)
          local.get 0
          i32.const 1
          i32.add
          local.set 0
          local.get 1
          i32.const 1
          i32.add
          local.set 1
          local.get 2
          i32.const -1
          i32.add
          local.tee 2
          br_if 0 (;@3;)
        end
      end
      local.get 4
      local.get 5
      i32.sub
      local.set 3
    end
    local.get 3
  )
  (func $by_name (;3;) (type 0) (param i32 i32) (result i32)
    (local i32 i32 i32 i32)
    block ;; label = @1
      block ;; label = @2
        local.get 0
        i32.load offset=4
        local.tee 2
        local.get 1
        i32.load offset=4
        local.tee 3
        local.get 2
        local.get 3
        i32.lt_u
        select
        local.tee 4
        i32.eqz
        br_if 0 (;@2;)
        local.get 1
        i32.load
        local.set 1
        local.get 0
        i32.load
        local.set 0
        loop ;; label = @3
          local.get 0
          i32.load8_s
          i32.const 32
          i32.or
          local.get 1
          i32.load8_s
          i32.const 32
          i32.or
          i32.sub
          local.tee 5
          br_if 2 (;@1;)
          local.get 0
          i32.const 1
          i32.add
          local.set 0
          local.get 1
          i32.const 1
          i32.add
          local.set 1
          local.get 4
          i32.const -1
          i32.add
          local.tee 4
          br_if 0 (;@3;)
        end
      end
      local.get 2
      local.get 3
      i32.sub
      local.set 5
    end
    local.get 5
  )
  (data $.rodata (;0;) (i32.const 1024) "\01\00\00\00\02\00\00\00\00\00\00\00\00\00\00\00}\04\00\00_\04\00\00n\04\00\00w\04\00\00P\04\00\00z\04\00\00\5c\04\00\00k\04\00\00q\04\00\00S\04\00\00e\04\00\00h\04\00\00Y\04\00\00V\04\00\00b\04\00\00t\04\00\00ru\00qu\00is\00or\00to\00lo\00un\00an\00el\00vi\00mi\00ze\00pe\00ne\00sa\00ka\00")
  (data $.data (;1;) (i32.const 1152) "\e8\07\00\00")
  (@producers
    (processed-by "clang" "21.0.0 (https://github.com/swiftlang/llvm-project.git 11673e6660b2d0a5f9f99b1c7b773f4c2f6df1b0)")
  )
  (@custom "target_features" (after data) "\08+\0bbulk-memory+\0fbulk-memory-opt+\16call-indirect-overlong+\0amultivalue+\0fmutable-globals+\13nontrapping-fptoint+\0freference-types+\08sign-ext")
)
