# The CMake functions every chapter uses. A chapter's CMakeLists.txt is a list of calls to
# these, in book order; that list is the only place where book order is declared.
#
#   cookbook_recipe(NAME SOURCES f.cpp... [LIBS lib...] SUMMARY "one line" [POSIX] [MPI [RANKS n]]
#                   [BOOST_PROCESS])
#       executable <chapter>_<NAME> (e.g. ch02_lock), a run_<target> target, and a line in the
#       chapter's manifest (recipes.tsv: name, executable, how to run it, summary) for ./cookbook.
#   cookbook_tests(SOURCES f.cpp... [NAME suffix] [LIBS lib...] [LABELS l...] [TIMEOUT s])
#       Boost.Test executable <chapter>_tests (or <chapter>_<suffix>); after each build its test
#       cases are listed (--list_content) and each one is registered with CTest on its own.
#   cookbook_bench(NAME SOURCES f.cpp... [LIBS lib...])
#       Google Benchmark executable <chapter>_bench_<NAME>, built only by `./cookbook bench`.
#   cookbook_questions(SOURCES f.cpp... [LIBS lib...] QUESTIONS name...)
#       The chapter's benchmark questions (see cookbook/questions.hpp): executable
#       <chapter>_questions, which runs the Python twin bench/python/questions.py; run by
#       `./cookbook bench`, and checked by the test <chapter>/questions/quick (a --quick run:
#       every question in QUESTIONS has a row, the columns and the ratios are right, and the
#       results agree with the twin's).
#   cookbook_comparison(RECIPE [ARGS arg...])
#       `./cookbook bench` also runs this recipe with ARGS plus `--csv FILE`; the recipe writes
#       its cookbook::ResultTable there (ResultTable::write_csv), and the driver charts it.
#   cookbook_exercise(NAME TESTS f.cpp... [LIBS lib...])   (TESTS relative to exercises/NAME/)
#       exercises/<NAME>/: the tests built against solution/ (registered, label "exercise")
#       and against starter/ (built so the starter always compiles, not registered).
#
# The chapter is taken from project(): ch02_threads -> prefix ch02. Every recipe, test and
# exercise target joins the aggregate target <prefix> (ch02: what `./cookbook test ch02`
# builds); recipes also join <prefix>_recipes (what `./cookbook run ch02` builds) and
# benches <prefix>_bench.
include_guard(GLOBAL)

# Without a build type CMake compiles without optimisation; recipes that measure speed would
# then teach the wrong numbers. Release unless told otherwise.
if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE Release CACHE STRING "Debug, Release, RelWithDebInfo or MinSizeRel" FORCE)
endif()

set(COOKBOOK_SANITIZE "" CACHE STRING "Build with a sanitizer: thread, address (ASan+UBSan) or empty")
set_property(CACHE COOKBOOK_SANITIZE PROPERTY STRINGS "" thread address)
option(COOKBOOK_CCACHE "Compile through ccache when it is installed" ON)
set(COOKBOOK_TEST_TIMEOUT 120 CACHE STRING "Default CTest timeout (seconds) of one test case")
find_program(COOKBOOK_CCACHE_PROGRAM ccache)

# Chapter prefix of the current directory's project: ch02_threads -> ch02.
function(_cookbook_prefix out)
  string(REGEX MATCH "^ch[0-9]+" prefix "${PROJECT_NAME}")
  if(NOT prefix)
    set(prefix "${PROJECT_NAME}")
  endif()
  set(${out} "${prefix}" PARENT_SCOPE)
endfunction()

# What every target of the cookbook gets: C++20, the warnings, the sanitizer, ccache.
function(_cookbook_target target)
  target_link_libraries(${target} PRIVATE cookbook::options)
  if(COOKBOOK_CCACHE AND COOKBOOK_CCACHE_PROGRAM)
    set_target_properties(${target} PROPERTIES CXX_COMPILER_LAUNCHER "${COOKBOOK_CCACHE_PROGRAM}")
  endif()
endfunction()

# Adds a target to an aggregate target (ch02, ch02_recipes), created on first use.
function(_cookbook_join aggregate target)
  if(NOT TARGET ${aggregate})
    add_custom_target(${aggregate})
  endif()
  add_dependencies(${aggregate} ${target})
endfunction()

# The manifest is written once, when the chapter's CMakeLists.txt has been read to the end.
function(_cookbook_write_manifest)
  get_property(lines DIRECTORY PROPERTY COOKBOOK_MANIFEST)
  list(JOIN lines "\n" content)
  file(GENERATE OUTPUT "${CMAKE_CURRENT_BINARY_DIR}/recipes.tsv" CONTENT "${content}\n")
endfunction()

function(cookbook_recipe name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "POSIX;MPI;BOOST_PROCESS" "SUMMARY;RANKS" "SOURCES;LIBS")
  if(NOT arg_SOURCES OR NOT arg_SUMMARY)
    message(FATAL_ERROR "cookbook_recipe(${name}): SOURCES and SUMMARY are required")
  endif()
  string(FIND "${arg_SUMMARY}" ";" semicolon)
  if(NOT semicolon EQUAL -1)
    message(FATAL_ERROR "cookbook_recipe(${name}): SUMMARY must not contain ';'")
  endif()
  # A recipe this machine cannot build is still listed, so that the driver and the README check
  # can say it was skipped, and why.
  if(arg_POSIX AND NOT UNIX)
    message(STATUS "${PROJECT_NAME}: ${name} is POSIX-only, skipped on this platform")
    _cookbook_add_manifest_line("${name}\t\tskipped:POSIX only\t${arg_SUMMARY}")
    return()
  endif()
  if(arg_MPI AND NOT COOKBOOK_HAVE_MPI)
    message(STATUS "${PROJECT_NAME}: ${name} needs MPI (Open MPI + Boost.MPI), skipped")
    _cookbook_add_manifest_line("${name}\t\tskipped:needs MPI\t${arg_SUMMARY}")
    return()
  endif()
  get_property(have_process GLOBAL PROPERTY COOKBOOK_HAVE_BOOST_PROCESS)
  if(arg_BOOST_PROCESS AND NOT have_process)
    message(STATUS "${PROJECT_NAME}: ${name} needs the Boost.Process library, skipped")
    _cookbook_add_manifest_line("${name}\t\tskipped:needs the Boost.Process library\t${arg_SUMMARY}")
    return()
  endif()
  _cookbook_prefix(prefix)
  set(target ${prefix}_${name})

  add_executable(${target} ${arg_SOURCES})
  if(arg_BOOST_PROCESS)
    target_link_libraries(${target} PRIVATE cookbook::boost_process)
  endif()
  _cookbook_target(${target})
  target_link_libraries(${target} PRIVATE cookbook::common ${arg_LIBS})
  _cookbook_join(${prefix} ${target})
  _cookbook_join(${prefix}_recipes ${target})

  # How the driver runs it: directly, or under mpirun with RANKS processes.
  set(runner "direct")
  if(arg_MPI)
    if(NOT arg_RANKS)
      set(arg_RANKS 4)
    endif()
    set(runner "mpi:${arg_RANKS}")
    add_custom_target(run_${target}
      COMMAND ${CMAKE_COMMAND} -E env OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
              ${MPIEXEC_EXECUTABLE} --oversubscribe -n ${arg_RANKS} $<TARGET_FILE:${target}>
      DEPENDS ${target} USES_TERMINAL)
  else()
    add_custom_target(run_${target} COMMAND ${target} DEPENDS ${target} USES_TERMINAL)
  endif()

  if(arg_MPI AND COOKBOOK_SANITIZE STREQUAL "address")
    # LeakSanitizer must not report what Open MPI allocates and never frees (the file says why).
    target_sources(${target} PRIVATE "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/../src/asan_mpi_suppressions.cpp")
  endif()

  set_property(DIRECTORY APPEND PROPERTY COOKBOOK_RECIPE_TARGETS ${target})
  _cookbook_add_manifest_line("${name}\t$<TARGET_FILE:${target}>\t${runner}\t${arg_SUMMARY}")
endfunction()

# recipes.tsv: name, executable, how to run it ("direct", "mpi:N", or "skipped:why" with no
# executable), summary. Written once, at the end of the chapter's CMakeLists.txt.
function(_cookbook_add_manifest_line line)
  set_property(DIRECTORY APPEND PROPERTY COOKBOOK_MANIFEST "${line}")
  get_property(deferred DIRECTORY PROPERTY COOKBOOK_MANIFEST_DEFERRED)
  if(NOT deferred)
    set_property(DIRECTORY PROPERTY COOKBOOK_MANIFEST_DEFERRED TRUE)
    cmake_language(DEFER CALL _cookbook_write_manifest)
  endif()
endfunction()

function(cookbook_tests)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS")
  _cookbook_prefix(prefix)
  if(NOT arg_NAME)
    set(arg_NAME tests)
  endif()
  if(NOT arg_TIMEOUT)
    set(arg_TIMEOUT ${COOKBOOK_TEST_TIMEOUT})
  endif()
  set(target ${prefix}_${arg_NAME})
  list(JOIN arg_LABELS "," labels)  # commas: the list travels through a command line
  set(labels "${prefix},${labels}")

  add_executable(${target} ${arg_SOURCES})
  _cookbook_target(${target})
  # The test files of a chapter are compiled a few at a time, as one translation unit: each
  # would otherwise parse Boost.Test and Asio on its own (about 7 s each in a sanitizer build).
  # So helpers in a test file's anonymous namespace need names no other test file uses.
  set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 8)
  target_link_libraries(${target} PRIVATE cookbook::common cookbook::test_framework ${arg_LIBS})
  target_compile_definitions(${target} PRIVATE
    COOKBOOK_RECIPE_DIR="${CMAKE_CURRENT_BINARY_DIR}" COOKBOOK_PREFIX="${prefix}"
    COOKBOOK_SOURCE_DIR="${CMAKE_CURRENT_SOURCE_DIR}")
  _cookbook_join(${prefix} ${target})
  # Tests run the recipes as child processes: build them first -- all of them, also those
  # declared after this call, hence at the end of the chapter's CMakeLists.txt.
  # (A deferred call reads its arguments when it runs: EVAL puts the target's name in now.)
  cmake_language(EVAL CODE "cmake_language(DEFER CALL _cookbook_depend_on_recipes [[${target}]])")

  # Register every test case with CTest on its own, the way gtest_discover_tests does:
  # list the cases after each build, and let CTest include the generated file.
  set(cases_file "${CMAKE_CURRENT_BINARY_DIR}/${target}_cases.cmake")
  set(include_file "${CMAKE_CURRENT_BINARY_DIR}/${target}_include.cmake")
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND}
            -D "TEST_EXECUTABLE=$<TARGET_FILE:${target}>"
            -D "TEST_PREFIX=${prefix}"
            -D "TEST_LABELS=${labels}"
            -D "TEST_TIMEOUT=${arg_TIMEOUT}"
            -D "CASES_FILE=${cases_file}"
            -P "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/DiscoverTests.cmake"
    VERBATIM)
  file(WRITE "${include_file}"
    "if(EXISTS \"${cases_file}\")\n"
    "  include(\"${cases_file}\")\n"
    "else()\n"
    "  add_test(${target}_NOT_BUILT ${target}_NOT_BUILT)\n"
    "  set_tests_properties(${target}_NOT_BUILT PROPERTIES LABELS \"${prefix}\")\n"
    "endif()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${include_file}")
endfunction()

function(_cookbook_depend_on_recipes target)
  get_property(recipes DIRECTORY PROPERTY COOKBOOK_RECIPE_TARGETS)
  if(recipes)
    add_dependencies(${target} ${recipes})
  endif()
endfunction()

function(cookbook_bench name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "SOURCES;LIBS")
  _cookbook_prefix(prefix)
  if(COOKBOOK_SANITIZE)
    return()  # benches measure the real thing; sanitizer trees build recipes and tests only
  endif()
  find_package(benchmark CONFIG QUIET)
  if(NOT benchmark_FOUND)
    message(STATUS "${PROJECT_NAME}: Google Benchmark not found, bench ${name} skipped")
    return()
  endif()
  set(target ${prefix}_bench_${name})
  add_executable(${target} EXCLUDE_FROM_ALL ${arg_SOURCES})
  _cookbook_target(${target})
  target_link_libraries(${target} PRIVATE cookbook::common benchmark::benchmark ${arg_LIBS})
  _cookbook_join(${prefix}_bench ${target})
  _cookbook_add_bench_line("${name}\t$<TARGET_FILE:${target}>\tgbench\t")
endfunction()

function(cookbook_questions)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "" "SOURCES;LIBS;QUESTIONS")
  _cookbook_prefix(prefix)
  set(target ${prefix}_questions)
  add_executable(${target} ${arg_SOURCES})
  _cookbook_target(${target})
  target_link_libraries(${target} PRIVATE cookbook::common ${arg_LIBS})
  target_compile_definitions(${target} PRIVATE
    COOKBOOK_TWIN="${CMAKE_CURRENT_SOURCE_DIR}/bench/python/questions.py")
  _cookbook_join(${prefix} ${target})
  _cookbook_join(${prefix}_bench ${target})
  _cookbook_add_bench_line("questions\t$<TARGET_FILE:${target}>\tquestions\t")
  add_test(NAME ${prefix}/questions/quick
    COMMAND bash "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/../scripts/check_questions.sh" $<TARGET_FILE:${target}>
      "${CMAKE_CURRENT_BINARY_DIR}/questions-quick.csv" ${arg_QUESTIONS})
  set_tests_properties(${prefix}/questions/quick PROPERTIES LABELS "${prefix};bench" TIMEOUT 300)
endfunction()

function(cookbook_comparison recipe)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "ARGS")
  _cookbook_prefix(prefix)
  if(COOKBOOK_SANITIZE OR NOT TARGET ${prefix}_${recipe})
    return()
  endif()
  _cookbook_join(${prefix}_bench ${prefix}_${recipe})
  list(JOIN arg_ARGS " " args)
  _cookbook_add_bench_line("${recipe}\t$<TARGET_FILE:${prefix}_${recipe}>\ttable\t${args}")
endfunction()

# benches.tsv: name, executable, kind (gbench: Google Benchmark; table: a recipe's
# ResultTable CSV), extra arguments. Written once, at the end of the chapter's CMakeLists.
function(_cookbook_add_bench_line line)
  set_property(DIRECTORY APPEND PROPERTY COOKBOOK_BENCHES "${line}")
  get_property(deferred DIRECTORY PROPERTY COOKBOOK_BENCHES_DEFERRED)
  if(NOT deferred)
    set_property(DIRECTORY PROPERTY COOKBOOK_BENCHES_DEFERRED TRUE)
    cmake_language(DEFER CALL _cookbook_write_bench_manifest)
  endif()
endfunction()

function(_cookbook_write_bench_manifest)
  get_property(lines DIRECTORY PROPERTY COOKBOOK_BENCHES)
  list(JOIN lines "\n" content)
  file(GENERATE OUTPUT "${CMAKE_CURRENT_BINARY_DIR}/benches.tsv" CONTENT "${content}\n")
endfunction()

function(cookbook_exercise name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "TESTS;LIBS")
  set(dir "${CMAKE_CURRENT_SOURCE_DIR}/exercises/${name}")
  list(TRANSFORM arg_TESTS PREPEND "${dir}/" OUTPUT_VARIABLE test_sources)
  # The suite that learners run against their own work is the same one that checks the solution.
  cookbook_tests(NAME ${name} SOURCES ${test_sources} LIBS ${arg_LIBS} LABELS exercise)
  _cookbook_prefix(prefix)
  target_include_directories(${prefix}_${name} PRIVATE "${dir}/solution")

  set(starter ${prefix}_${name}_starter)
  add_executable(${starter} ${test_sources})
  _cookbook_target(${starter})
  target_link_libraries(${starter} PRIVATE cookbook::common cookbook::test_framework ${arg_LIBS})
  target_include_directories(${starter} PRIVATE "${dir}/starter")
  _cookbook_join(${prefix} ${starter})
endfunction()
