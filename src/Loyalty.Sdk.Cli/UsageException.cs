using System;

namespace Loyalty.Sdk.Cli;

/// <summary>Options that do not fit together or cannot be read: exit code 1, like any argument error.</summary>
internal sealed class UsageException(string message) : Exception(message);
