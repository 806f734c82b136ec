// The small family of exceptions the library throws at its edges. The CLI maps each to a
// documented exit code (docs/cli.md); inside the library nothing else escapes on bad input.
#pragma once
#include <stdexcept>
#include <string>

namespace chronoline {

// Base of every error chronoline throws on purpose.
class error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The input itself is unusable: invalid UTF-8, binary data, broken XML, a TimeML file
// without <TEXT>, an empty file, a file that cannot be read.
class input_error : public error {
public:
    using error::error;
};

// The article date is missing, unparseable or impossible (2018-02-30).
class date_error : public error {
public:
    using error::error;
};

// A resource or model file is missing or malformed.
class resource_error : public error {
public:
    using error::error;
};

// An output could not be written.
class output_error : public error {
public:
    using error::error;
};

}  // namespace chronoline
