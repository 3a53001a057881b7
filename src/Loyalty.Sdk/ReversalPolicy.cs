namespace Loyalty.Sdk;

/// <summary>
/// What happens when a return claws back more points than the member still has (because they were spent): the
/// points are taken from the order's own lot first, then from the member's other lots, and the rest is handled by this policy.
/// </summary>
public enum ReversalPolicy
{
    /// <summary>The rest becomes a debt: a negative balance netted against the member's next credits. No reward leaks.</summary>
    Debt = 0,

    /// <summary>The reversal is capped at what the member has; the rest is recorded on the entry as written off.</summary>
    Capped = 1,
}
