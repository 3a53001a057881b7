namespace Loyalty.Sdk.Cli;

/// <summary>A row that could not be used, with its 1-based line number in its file (and the file's name, for a folder).</summary>
internal sealed record BadRow(long Line, string Reason, string? File = null);
