namespace Loyalty.Sdk.Cli;

/// <summary>What a row of an export is, by <see cref="ReturnRule"/>.</summary>
internal enum ReturnKind
{
    /// <summary>A purchase.</summary>
    Purchase,

    /// <summary>A return or cancellation that reverses earlier purchase lines (by its order-id prefix or its sign).</summary>
    Reversal,

    /// <summary>A line whose status says it was cancelled or returned: not a purchase, and reversing nothing else.</summary>
    CancelledLine,
}
