namespace Loyalty.Sdk.Rules;

/// <summary>A calendar period in the program's time zone, for caps.</summary>
public enum CapPeriod
{
    /// <summary>A local day.</summary>
    Day = 0,

    /// <summary>A calendar month.</summary>
    Month = 1,

    /// <summary>A calendar year.</summary>
    Year = 2,
}
