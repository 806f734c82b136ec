// The documented exit codes of the chronoline command (docs/cli.md). In a batch the largest
// code of any input wins, so one bad file is never hidden by a good one.
#pragma once

namespace chronoline::cli {

enum ExitCode : int {
    exit_ok = 0,
    exit_bad_input = 1,   // an input could not be read or used (UTF-8, XML, empty, binary, missing)
    exit_usage = 2,       // bad arguments, or a missing / impossible article date
    exit_resources = 3,   // resources or model files missing or corrupt
    exit_output = 4,      // an output could not be written
};

}  // namespace chronoline::cli
