using Loyalty.Sdk.Events;

namespace Loyalty.Sdk.Ledger.Decisions;

/// <summary>The events of the entries that credit or expire points, built where the entry is.</summary>
internal static class PointsEvents
{
    /// <summary>A credit's event; none for an entry that credits nothing (a task that only counts).</summary>
    public static PointsEarned? Earned(LedgerEntry entry) => entry.Amount.IsPositive
        ? new PointsEarned { Points = entry.Amount.Value, Sequence = entry.Sequence, OrderId = entry.OrderId, ActivityType = entry.ActivityType, Reason = entry.Reason }
        : null;

    /// <summary>An expiry's event; none when nothing expired.</summary>
    public static PointsExpired? Expired(LedgerEntry entry) => entry.Amount.IsNegative
        ? new PointsExpired { Points = -entry.Amount.Value, Sequence = entry.Sequence }
        : null;
}
