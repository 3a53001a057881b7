namespace Loyalty.Sdk.Analytics.Retention;

/// <summary>When a customer counts as retained N days after the first purchase (dates are local dates).</summary>
public enum RetentionDefinition
{
    /// <summary>A purchase on the local date first + N.</summary>
    Exact = 0,

    /// <summary>A purchase on any local date on or after first + N.</summary>
    OnOrAfter = 1,

    /// <summary>A purchase on a local date from first + 1 to first + N.</summary>
    Within = 2,
}
