namespace Loyalty.Sdk.Analytics.Retention;

/// <summary>Retention of one cohort (or overall) at one offset: how many customers could be observed and how many were retained.</summary>
/// <remarks>This type is an immutable value type and is thread-safe.</remarks>
/// <param name="Observable">Customers whose first purchase + N is on or before the as-of date.</param>
/// <param name="Retained">Observable customers who were retained.</param>
public readonly record struct RetentionCell(int Observable, int Retained)
{
    /// <summary>Gets retained ÷ observable.</summary>
    public double Rate => Observable == 0 ? double.NaN : (double)Retained / Observable;
}
