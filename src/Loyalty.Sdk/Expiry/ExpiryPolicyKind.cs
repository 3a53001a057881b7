namespace Loyalty.Sdk.Expiry;

/// <summary>How points expire.</summary>
public enum ExpiryPolicyKind
{
    /// <summary>Points never expire.</summary>
    Never = 0,

    /// <summary>Points expire a number of days after they were earned.</summary>
    AfterDays = 1,

    /// <summary>Points expire a number of calendar months after they were earned.</summary>
    AfterMonths = 2,

    /// <summary>All points expire after a number of calendar months without member activity (an earn or a redemption).</summary>
    AfterInactivity = 3,
}
