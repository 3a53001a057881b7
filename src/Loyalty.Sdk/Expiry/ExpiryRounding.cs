namespace Loyalty.Sdk.Expiry;

/// <summary>Moves an expiry date to the end of its calendar period, in the program's time zone.</summary>
public enum ExpiryRounding
{
    /// <summary>No rounding: points are valid through the due date itself.</summary>
    None = 0,

    /// <summary>Points are valid through the last day of the due date's month.</summary>
    EndOfMonth = 1,

    /// <summary>Points are valid through the last day of the due date's calendar quarter.</summary>
    EndOfQuarter = 2,

    /// <summary>Points are valid through 31 December of the due date's year.</summary>
    EndOfYear = 3,
}
