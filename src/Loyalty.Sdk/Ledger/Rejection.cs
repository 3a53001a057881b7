namespace Loyalty.Sdk.Ledger;

/// <summary>A typed rejection with a human-readable explanation.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="Reason">The reason.</param>
/// <param name="Message">An explanation for logs and support staff.</param>
public sealed record Rejection(RejectionReason Reason, string Message);
