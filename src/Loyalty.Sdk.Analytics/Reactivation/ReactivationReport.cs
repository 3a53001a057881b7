using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Sdk.Analytics.Reactivation;

/// <summary>
/// Reactivation ("reversible churn"): how many customers went <see cref="DormancyDays"/> days without buying, and how
/// many of them came back.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="DormancyDays">The dormancy threshold D.</param>
/// <param name="AsOf">The last observed date.</param>
/// <param name="DormantSpells">Spells of dormancy observed: a purchase followed by more than D days without one (ending at a later purchase, or still going on at the as-of date).</param>
/// <param name="DormantCustomers">Customers with at least one dormant spell.</param>
/// <param name="Reactivations">Spells that ended in a purchase (a customer can come back more than once).</param>
/// <param name="ReactivatedCustomers">Customers who came back at least once.</param>
/// <param name="ByMonth">Reactivations by the month of the returning purchase, in month order.</param>
/// <param name="Within">Per window N, in the order given: the spells observable for N days after becoming dormant, and those that ended within them.</param>
public sealed record ReactivationReport(
    int DormancyDays,
    LocalDate AsOf,
    long DormantSpells,
    int DormantCustomers,
    long Reactivations,
    int ReactivatedCustomers,
    IReadOnlyList<ReactivationMonth> ByMonth,
    IReadOnlyList<ReactivationWindow> Within);

/// <summary>Reactivations in one month of return.</summary>
/// <param name="Month">The month (its first day).</param>
/// <param name="Reactivations">Returning purchases after a dormant spell, in the month.</param>
/// <param name="Customers">Distinct customers among them.</param>
public readonly record struct ReactivationMonth(LocalDate Month, long Reactivations, int Customers);

/// <summary>The share of dormant spells that ended with a purchase within N days of becoming dormant.</summary>
/// <param name="Days">The window N.</param>
/// <param name="Observable">Dormant spells that began at least N days before the as-of date.</param>
/// <param name="Reactivated">Those that ended with a purchase within N days of becoming dormant.</param>
public readonly record struct ReactivationWindow(int Days, long Observable, long Reactivated)
{
    /// <summary>Gets the share reactivated, or <see langword="null"/> when nothing is observable.</summary>
    public double? Rate => Observable == 0 ? null : (double)Reactivated / Observable;
}
