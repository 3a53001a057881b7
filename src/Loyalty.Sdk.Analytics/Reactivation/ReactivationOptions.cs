using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Reactivation;

/// <summary>What counts as dormant, and over which windows a return is counted.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record ReactivationOptions
{
    /// <summary>Gets the dormancy threshold D: a customer who has bought nothing for D days after a purchase is dormant.</summary>
    /// <value>The default is 90 days; 1 to 3650.</value>
    public int DormancyDays { get; init; } = 90;

    /// <summary>Gets the windows N: the share of dormant customers who bought again within N days of becoming dormant.</summary>
    /// <value>The default is 30, 90 and 180 days; each 1 to 3650.</value>
    public IReadOnlyList<int> WithinDays { get; init; } = [30, 90, 180];

    /// <summary>Gets the last observed local date, or <see langword="null"/> for the last purchase date.</summary>
    public LocalDate? AsOf { get; init; }
}
