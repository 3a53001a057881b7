using System;

namespace Loyalty.Sdk.Cli;

/// <summary>An input problem the user must fix (missing file or column, unknown zone): exit code 2.</summary>
internal sealed class InputException(string message) : Exception(message);
