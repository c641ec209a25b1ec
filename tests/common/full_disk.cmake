# cmake -DPROGRAM=chapter -DDIR=mount-point -P full_disk.cmake
# A full disk must not destroy figures already written: mounts a 64 KiB tmpfs at DIR, lets
# PROGRAM write its figures there, fills the disk, runs PROGRAM again with other settings and
# checks that it exits 1 naming "No space left on device", that every figure is byte for byte
# the one from the first run, and that no temporary file is left behind. Mounting needs root:
# where it fails the test prints SKIP and the reason (CTest reports it as skipped).
file(MAKE_DIRECTORY ${DIR})
execute_process(COMMAND umount ${DIR} RESULT_VARIABLE ignored OUTPUT_QUIET ERROR_QUIET)
execute_process(COMMAND mount -t tmpfs -o size=64k tmpfs ${DIR}
                RESULT_VARIABLE code ERROR_VARIABLE err OUTPUT_QUIET)
if(NOT code EQUAL 0)
  message(STATUS "SKIP cannot mount a small tmpfs at ${DIR} (needs root): ${err}")
  return()
endif()

execute_process(COMMAND ${PROGRAM} --out ${DIR} RESULT_VARIABLE code OUTPUT_QUIET
                ERROR_VARIABLE err)
file(GLOB figures ${DIR}/*.svg)
set(problem "")
if(NOT code EQUAL 0 OR NOT figures)
  set(problem "the first run (empty disk) exited ${code} with no figures: ${err}")
else()
  foreach(figure IN LISTS figures)
    file(SHA256 ${figure} hash)
    list(APPEND before "${figure}=${hash}")
  endforeach()
  # Fill the disk: dd stops with "No space left on device", which is the point.
  execute_process(COMMAND dd if=/dev/zero of=${DIR}/filler bs=1k count=64
                  OUTPUT_QUIET ERROR_QUIET)
  execute_process(COMMAND ${PROGRAM} --out ${DIR} --epochs 1000 RESULT_VARIABLE code
                  OUTPUT_QUIET ERROR_VARIABLE err)
  set(after "")
  foreach(figure IN LISTS figures)
    file(SHA256 ${figure} hash)
    list(APPEND after "${figure}=${hash}")
  endforeach()
  file(GLOB all LIST_DIRECTORIES true RELATIVE ${DIR} ${DIR}/* ${DIR}/.*)
  list(REMOVE_ITEM all filler)
  file(GLOB svgs RELATIVE ${DIR} ${DIR}/*.svg)
  list(REMOVE_ITEM all ${svgs})
  if(NOT code EQUAL 1)
    set(problem "on a full disk the program exited ${code}, expected 1: ${err}")
  elseif(NOT err MATCHES "No space left on device")
    set(problem "the message does not name the reason: ${err}")
  elseif(NOT "${before}" STREQUAL "${after}")
    set(problem "a figure changed on the full disk:\nbefore ${before}\nafter  ${after}")
  elseif(all)
    set(problem "files left behind: ${all}")
  endif()
endif()
execute_process(COMMAND umount ${DIR})
if(problem)
  message(FATAL_ERROR "FAIL ${problem}")
endif()
message(STATUS "ok   full disk: exit 1, \"No space left on device\", figures kept")
