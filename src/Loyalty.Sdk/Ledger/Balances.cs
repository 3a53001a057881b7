using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Sdk.Ledger;

/// <summary>Derives balances and open lots as of an instant, from an account state or from the entries themselves.</summary>
internal static class Balances
{
    /// <summary>The balance at <paramref name="asOf"/>, which must be no earlier than the state's last commit.</summary>
    public static AccountBalance FromState(AccountState state, Instant asOf) => Classify(state.OpenLots, state.Debt, asOf);

    /// <summary>The balance at <paramref name="asOf"/> rebuilt from the entries that took effect by then.</summary>
    public static AccountBalance FromHistory(IReadOnlyList<Lot> lots, IReadOnlyList<LedgerEntry> entriesUpTo, Instant asOf)
    {
        var (open, debt) = Rebuild(lots, entriesUpTo);
        return Classify(open, debt, asOf);
    }

    /// <summary>
    /// Lots with their remaining points as recorded by the given entries (before any expiry not yet materialised),
    /// and the debt. Lot metadata (availability, expiry) comes from <paramref name="lots"/>.
    /// </summary>
    public static (List<Lot> Lots, Points Debt) Rebuild(IReadOnlyList<Lot> lots, IReadOnlyList<LedgerEntry> entries)
    {
        var remaining = new Dictionary<long, Points>();
        var debt = Points.Zero;
        foreach (var entry in entries)
        {
            debt += entry.DebtChange;
            foreach (var movement in entry.Movements)
            {
                remaining[movement.LotId] = remaining.GetValueOrDefault(movement.LotId) + movement.Change;
            }
        }

        var open = new List<Lot>();
        foreach (var lot in lots)
        {
            if (remaining.TryGetValue(lot.Id, out var left) && !left.IsZero)
            {
                open.Add(lot with { Remaining = left });
            }
        }

        return (open, debt);
    }

    /// <summary>The balance at <paramref name="asOf"/> of lots (as recorded) and debt: due lots count as expired, later ones as pending or available.</summary>
    public static AccountBalance Classify(IReadOnlyList<Lot> lots, Points debt, Instant asOf)
    {
        var available = Points.Zero;
        var pending = Points.Zero;
        for (var i = 0; i < lots.Count; i++)
        {
            var lot = lots[i];
            if (lot.IsExpiredAt(asOf))
            {
                continue;
            }

            if (lot.IsPendingAt(asOf))
            {
                pending += lot.Remaining;
            }
            else
            {
                available += lot.Remaining;
            }
        }

        return new AccountBalance(asOf, available + pending - debt, available - debt, pending, debt);
    }
}
