namespace Loyalty.Sdk.Cli;

/// <summary>A row that could not be used, with its 1-based line number in the file.</summary>
internal sealed record BadRow(long Line, string Reason);
