# Run after each build of a Boost.Test executable (cmake -P): list its test cases and write
# one CTest add_test() per case into CASES_FILE. Boost.Test has no discovery of its own;
# `--list_content` prints the tree on stderr, four spaces per level, '*' after enabled units:
#   lock*
#       counter_is_exact*
# Inputs: TEST_EXECUTABLE, TEST_PREFIX (ch02), TEST_LABELS (comma-separated), TEST_TIMEOUT,
# CASES_FILE.
cmake_policy(VERSION 3.22)
execute_process(
  COMMAND "${TEST_EXECUTABLE}" --list_content
  OUTPUT_VARIABLE ignored_stdout
  ERROR_VARIABLE listing
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${TEST_EXECUTABLE} --list_content failed (${result}):\n${listing}")
endif()

string(REPLACE ";" "," listing "${listing}")  # keep CMake's list separator out of the text
string(REPLACE "\n" ";" lines "${listing}")

string(REPLACE "," ";" labels "${TEST_LABELS}")
list(REMOVE_ITEM labels "")
set(content "# Generated from ${TEST_EXECUTABLE} --list_content; do not edit.\n")
set(path_stack "")
set(previous_depth -1)
set(previous_name "")
set(previous_enabled FALSE)
set(count 0)

# A unit is a test case if the next line is not deeper than it (a suite has children).
macro(emit_previous_if_case depth)
  if(previous_depth GREATER_EQUAL 0 AND NOT ${depth} GREATER previous_depth AND previous_enabled)
    set(full_path "${previous_name}")
    if(path_stack)
      list(JOIN path_stack "/" parents)
      set(full_path "${parents}/${previous_name}")
    endif()
    set(test_name "${TEST_PREFIX}/${full_path}")
    set(timeout ${TEST_TIMEOUT})
    if(full_path MATCHES "^readme/")  # re-runs every example of the chapter (readme_test.hpp)
      math(EXPR timeout "${TEST_TIMEOUT} * 5")
    endif()
    string(APPEND content
      "add_test([==[${test_name}]==] \"${TEST_EXECUTABLE}\" \"--run_test=${full_path}\" \"--color_output=no\")\n"
      "set_tests_properties([==[${test_name}]==] PROPERTIES TIMEOUT ${timeout} LABELS \"${labels}\")\n")
    math(EXPR count "${count} + 1")
  endif()
endmacro()

foreach(line IN LISTS lines)
  if(line MATCHES "^ *$")
    continue()
  endif()
  # "name", then "*" if enabled, then ": description" if the unit has one.
  if(NOT line MATCHES "^( *)([A-Za-z0-9_]+)(\\*?)( *: .*)? *$")
    message(FATAL_ERROR "${TEST_EXECUTABLE} --list_content: cannot read the line '${line}' "
                        "(test names must be plain identifiers)")
  endif()
  string(LENGTH "${CMAKE_MATCH_1}" indent)
  math(EXPR depth "${indent} / 4")
  set(name "${CMAKE_MATCH_2}")
  set(enabled FALSE)
  if(CMAKE_MATCH_3 STREQUAL "*")
    set(enabled TRUE)
  endif()

  emit_previous_if_case(${depth})
  # The previous unit was a suite: it becomes a parent of this one.
  if(previous_depth GREATER_EQUAL 0 AND depth GREATER previous_depth)
    list(APPEND path_stack "${previous_name}")
  endif()
  # Leaving suites: cut the parent path back to this unit's depth.
  list(LENGTH path_stack stack_depth)
  while(stack_depth GREATER depth)
    list(POP_BACK path_stack)
    list(LENGTH path_stack stack_depth)
  endwhile()

  set(previous_depth ${depth})
  set(previous_name "${name}")
  set(previous_enabled ${enabled})
endforeach()
emit_previous_if_case(0)

if(count EQUAL 0)
  message(FATAL_ERROR "${TEST_EXECUTABLE} lists no test case:\n${listing}")
endif()
file(WRITE "${CASES_FILE}" "${content}")
