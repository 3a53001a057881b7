using System;
using System.Collections.Generic;
using System.Globalization;
using Loyalty.Sdk.Storage;
using NodaTime;

namespace Loyalty.Sdk.Ledger.Decisions;

/// <summary>
/// The lots of one account while a command is decided: the open ones (as they stand now) and every lot created or
/// changed, with the consumption order and the lookups the handlers need.
/// </summary>
internal sealed class LotBook
{
    private static readonly Comparison<Lot> ConsumptionOrder = (x, y) =>
    {
        // Soonest-expiring first, never-expiring last, ties by earliest earned, then by id.
        var byExpiry = (x.ExpiresAt ?? Instant.MaxValue).CompareTo(y.ExpiresAt ?? Instant.MaxValue);
        if (byExpiry != 0)
        {
            return byExpiry;
        }

        var byCreation = x.CreatedAt.CompareTo(y.CreatedAt);
        return byCreation != 0 ? byCreation : x.Id.CompareTo(y.Id);
    };

    private static readonly Comparison<Lot> ById = (x, y) => x.Id.CompareTo(y.Id);

    private readonly List<Lot> _open;
    private readonly List<Lot> _changed = new(2);
    private List<Lot>? _scratch;
    private readonly IReadOnlyList<Lot> _redemptionLots;

    public LotBook(IReadOnlyList<Lot> open, IReadOnlyList<Lot> redemptionLots)
    {
        _open = new List<Lot>(open.Count + 1);
        _open.AddRange(open);
        _redemptionLots = redemptionLots;
    }

    /// <summary>Gets the open lots, in no particular order until <see cref="SortedOpen"/>.</summary>
    public IReadOnlyList<Lot> Open => _open;

    /// <summary>Open lots that are available (or pending) at an instant, in consumption order, except one lot.</summary>
    public List<Lot> Candidates(Instant now, bool available, long? except)
    {
        var result = _scratch ??= new List<Lot>(4);
        result.Clear();
        foreach (var lot in _open)
        {
            if (lot.Id != except && lot.Remaining.IsPositive && !lot.IsExpiredAt(now) && lot.IsPendingAt(now) != available)
            {
                result.Add(lot);
            }
        }

        result.Sort(ConsumptionOrder);
        return result;
    }

    /// <summary>The points of open lots neither pending nor expired at an instant.</summary>
    public Points Available(Instant now)
    {
        var sum = Points.Zero;
        foreach (var lot in _open)
        {
            if (!lot.IsPendingAt(now) && !lot.IsExpiredAt(now))
            {
                sum += lot.Remaining;
            }
        }

        return sum;
    }

    /// <summary>Open lots past their expiry at an instant, by expiry then id; null when there are none.</summary>
    public List<Lot>? ExpiredAt(Instant now)
    {
        List<Lot>? due = null;
        foreach (var lot in _open)
        {
            if (lot.IsExpiredAt(now))
            {
                (due ??= new List<Lot>()).Add(lot);
            }
        }

        due?.Sort((x, y) => x.ExpiresAt!.Value != y.ExpiresAt!.Value ? x.ExpiresAt.Value.CompareTo(y.ExpiresAt.Value) : x.Id.CompareTo(y.Id));
        return due;
    }

    /// <summary>Debits up to <paramref name="wanted"/> from the candidates in order, recording each movement (and allocation). Returns what was taken.</summary>
    public Points Take(Points wanted, List<Lot> candidates, List<LotMovement> movements, List<LotAllocation>? allocations)
    {
        var left = wanted;
        foreach (var lot in candidates)
        {
            if (!left.IsPositive)
            {
                break;
            }

            var take = Points.Min(lot.Remaining, left);
            if (!take.IsPositive)
            {
                continue;
            }

            Update(lot with { Remaining = lot.Remaining - take });
            movements.Add(new LotMovement(lot.Id, take.Negate()));
            allocations?.Add(new LotAllocation(lot.Id, take, Points.Zero));
            left -= take;
        }

        return wanted - left;
    }

    /// <summary>Moves every open lot's expiry out to a deadline (programs whose expiry extends on activity).</summary>
    public void ExtendTo(Instant? deadline)
    {
        foreach (var lot in _open.ToArray())
        {
            if (lot.ExpiresAt < deadline)
            {
                Update(lot with { ExpiresAt = deadline });
            }
        }
    }

    public Lot? FindOpen(long id)
    {
        foreach (var lot in _open)
        {
            if (lot.Id == id)
            {
                return lot;
            }
        }

        return null;
    }

    /// <summary>Finds a lot among those changed, open, or consumed by the loaded redemption.</summary>
    public Lot Find(long id, IdempotencyKey? redemption)
    {
        foreach (var changed in _changed)
        {
            if (changed.Id == id)
            {
                return changed;
            }
        }

        if (FindOpen(id) is { } open)
        {
            return open;
        }

        foreach (var lot in _redemptionLots)
        {
            if (lot.Id == id)
            {
                return lot;
            }
        }

        throw new InvalidOperationException($"The store returned redemption '{redemption}' without its lot {id.ToString(CultureInfo.InvariantCulture)}.");
    }

    /// <summary>Records a lot's new form: changed, and open while it has points remaining.</summary>
    public void Update(Lot lot)
    {
        var changed = IndexOf(_changed, lot.Id);
        if (changed >= 0)
        {
            _changed[changed] = lot;
        }
        else
        {
            _changed.Add(lot);
        }

        var index = IndexOf(_open, lot.Id);
        if (lot.Remaining.IsPositive)
        {
            if (index >= 0)
            {
                _open[index] = lot;
            }
            else
            {
                _open.Add(lot);
            }
        }
        else if (index >= 0)
        {
            _open.RemoveAt(index);
        }
    }

    /// <summary>The open lots by id (for the new account state).</summary>
    public Lot[] SortedOpen()
    {
        _open.Sort(ById);
        return _open.ToArray();
    }

    /// <summary>The lots created or changed, by id (for the change set).</summary>
    public Lot[] SortedChanged()
    {
        _changed.Sort(ById);
        return _changed.ToArray();
    }

    private static int IndexOf(List<Lot> lots, long id)
    {
        for (var i = 0; i < lots.Count; i++)
        {
            if (lots[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }
}
