using System;
using System.Collections.Generic;
using Loyalty.Sdk.Analytics.Churn;
using Loyalty.Sdk.Analytics.Rfm;

namespace Loyalty.Sdk.Engagement;

/// <summary>A member's churn figures, from the churn scorers, for win-back rules.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
/// <param name="MemberId">The member.</param>
/// <param name="Segment">The RFM segment, if scored.</param>
/// <param name="ProbabilityAlive">P(alive) under BG/NBD, if scored.</param>
/// <param name="DaysSinceLastPurchase">Days since the last purchase, if known.</param>
public sealed record WinBackSignal(MemberId MemberId, string? Segment, double? ProbabilityAlive, int? DaysSinceLastPurchase)
{
    /// <summary>
    /// Builds signals from an RFM report and, optionally, BG/NBD churn scores (risk = 1 − P(alive)) of the same
    /// purchase table, mapping customer indexes to members.
    /// </summary>
    /// <param name="rfm">The RFM report (segments and recency).</param>
    /// <param name="bgNbd">The BG/NBD scores, or <see langword="null"/>.</param>
    /// <param name="memberOf">The member of a customer index (the <see cref="Analytics.Retention.IdEncoder"/> the table was built with).</param>
    /// <returns>One signal per customer in the RFM report.</returns>
    public static IReadOnlyList<WinBackSignal> From(RfmReport rfm, ChurnScores? bgNbd, Func<int, MemberId> memberOf)
    {
        ArgumentNullException.ThrowIfNull(rfm);
        ArgumentNullException.ThrowIfNull(memberOf);
        var alive = new Dictionary<int, double>();
        if (bgNbd is not null)
        {
            for (var i = 0; i < bgNbd.Customers.Count; i++)
            {
                alive[bgNbd.Customers[i]] = 1 - bgNbd.Risk[i];
            }
        }

        var signals = new WinBackSignal[rfm.Customers.Count];
        for (var i = 0; i < signals.Length; i++)
        {
            var c = rfm.Customers[i];
            signals[i] = new WinBackSignal(memberOf(c.Customer), c.Segment, alive.TryGetValue(c.Customer, out var p) ? p : null, c.RecencyDays);
        }

        return signals;
    }
}
