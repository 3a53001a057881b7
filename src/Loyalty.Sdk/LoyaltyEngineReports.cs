using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage;
using NodaTime;

namespace Loyalty.Sdk;

/// <summary>Reports: statements, accruals, "expiring soon", liability, breakage, digests and leaderboards.</summary>
/// <remarks>Reached through <see cref="LoyaltyEngine.Reports"/>. This type is thread-safe.</remarks>
public sealed class LoyaltyEngineReports
{
    private readonly LoyaltyEngine _engine;

    internal LoyaltyEngineReports(LoyaltyEngine engine) => _engine = engine;

    private LoyaltyProgram Program => _engine.Program;

    /// <summary>Gets what an order earned, line by line, and what was returned.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="orderId">The order.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The accrual, or <see langword="null"/> when the order never earned for the member.</returns>
    public async ValueTask<OrderAccrual?> GetAccrualAsync(MemberId memberId, string orderId, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(memberId.IsDefault, nameof(memberId));
        ArgumentNullException.ThrowIfNull(orderId);
        var context = await _engine.Store.LoadAsync(new LedgerLoadRequest(Program.Id, memberId, orderId), cancellationToken).ConfigureAwait(false);
        return context.Accrual;
    }

    /// <summary>Gets a member's statement for the period after <paramref name="from"/> up to and including <paramref name="to"/>.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="from">The start (exclusive).</param>
    /// <param name="to">The end (inclusive).</param>
    /// <param name="cancellationToken">A token to cancel the reads.</param>
    /// <returns>The statement.</returns>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    public async ValueTask<Statement> GetStatementAsync(MemberId memberId, Instant from, Instant to, CancellationToken cancellationToken = default)
    {
        from = Instants.Clamp(from);
        to = Instants.Clamp(to);
        Guard.NotDefault(memberId.IsDefault, nameof(memberId));
        if (to < from)
        {
            throw new ArgumentException("The end of the period is before its start.", nameof(to));
        }

        var (entries, lots) = await _engine.History.ReadHistoryAsync(memberId, to, cancellationToken).ConfigureAwait(false);
        var before = new List<LedgerEntry>();
        var lines = new List<StatementLine>();
        foreach (var entry in entries)
        {
            if (entry.At <= from)
            {
                before.Add(entry);
            }
            else if (entry.Kind is not (LedgerEntryKind.TierChange or LedgerEntryKind.TierFloor))
            {
                lines.Add(new StatementLine(entry.At, entry.Kind, entry.Amount, entry, null));
            }
        }

        var (openAtEnd, _) = Balances.Rebuild(lots, entries);
        foreach (var lot in openAtEnd)
        {
            if (lot.ExpiresAt is { } expiresAt && expiresAt > from && expiresAt <= to && lot.Remaining.IsPositive)
            {
                lines.Add(new StatementLine(expiresAt, LedgerEntryKind.Expire, lot.Remaining.Negate(), null, lot.Id));
            }
        }

        lines.Sort((x, y) =>
        {
            var byTime = x.At.CompareTo(y.At);
            if (byTime != 0)
            {
                return byTime;
            }

            // At the same instant a due expiry comes first: nothing can spend points at the instant they expire.
            return (x.Entry?.Sequence ?? long.MinValue).CompareTo(y.Entry?.Sequence ?? long.MinValue);
        });
        return new Statement(
            Program.Id,
            memberId,
            from,
            to,
            Balances.FromHistory(lots, before, from),
            Balances.FromHistory(lots, entries, to),
            lines);
    }

    /// <summary>Gets a member's points that expire after <paramref name="from"/> and at or before <paramref name="to"/>, unless spent first.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="from">The start (exclusive), usually now.</param>
    /// <param name="to">The end (inclusive), such as now plus 30 days.</param>
    /// <param name="cancellationToken">A token to cancel the reads.</param>
    /// <returns>The expiring points.</returns>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    public async ValueTask<ExpiringPoints> GetExpiringAsync(MemberId memberId, Instant from, Instant to, CancellationToken cancellationToken = default)
    {
        from = Instants.Clamp(from);
        to = Instants.Clamp(to);
        Guard.NotDefault(memberId.IsDefault, nameof(memberId));
        if (to < from)
        {
            throw new ArgumentException("The end of the period is before its start.", nameof(to));
        }

        var context = await _engine.Store.LoadAsync(new LedgerLoadRequest(Program.Id, memberId), cancellationToken).ConfigureAwait(false);
        return await _engine.History.ExpiringAsync(context.Account, from, to, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists every member with points expiring after <paramref name="from"/> and at or before <paramref name="to"/>, in member-id order, page by page.</summary>
    /// <param name="from">The start (exclusive), usually now.</param>
    /// <param name="to">The end (inclusive).</param>
    /// <param name="pageSize">Accounts read per page.</param>
    /// <param name="cancellationToken">A token to cancel the scan.</param>
    /// <returns>The members with a positive amount expiring.</returns>
    public async IAsyncEnumerable<ExpiringPoints> ScanExpiringAsync(Instant from, Instant to, int pageSize = 500, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        from = Instants.Clamp(from);
        to = Instants.Clamp(to);
        Guard.Positive(pageSize);
        var due = AccountHistory.PagesAsync((after, ct) => _engine.Store.ScanAccountsAsync(Program.Id, after, pageSize, to, ct), pageSize, cancellationToken);
        await foreach (var account in due.ConfigureAwait(false))
        {
            var expiring = await _engine.History.ExpiringAsync(account, from, to, cancellationToken).ConfigureAwait(false);
            if (expiring.Total.IsPositive)
            {
                yield return expiring;
            }
        }
    }

    /// <summary>
    /// Gets the program's liability as of an instant (now by default): every member's outstanding points, correct
    /// whether or not the expiry job has run, valued at <see cref="LoyaltyProgram.CostPerPoint"/>.
    /// </summary>
    /// <param name="asOf">The instant, or <see langword="null"/> for now.</param>
    /// <param name="pageSize">Accounts read per page.</param>
    /// <param name="cancellationToken">A token to cancel the report.</param>
    /// <returns>The liability.</returns>
    public async ValueTask<Liability> GetLiabilityAsync(Instant? asOf = null, int pageSize = 500, CancellationToken cancellationToken = default)
    {
        asOf = Instants.Clamp(asOf);
        Guard.Positive(pageSize);
        var at = asOf ?? _engine.Clock.GetCurrentInstant();
        var members = 0;
        Int128 available = 0, pending = 0, debt = 0;
        await foreach (var account in _engine.History.AllAccountsAsync(pageSize, cancellationToken).ConfigureAwait(false))
        {
            var balance = await _engine.History.BalanceAsOfAsync(account, at, cancellationToken).ConfigureAwait(false);
            members++;
            available += (Int128)balance.Available.Value + balance.Debt.Value;
            pending += balance.Pending.Value;
            debt += balance.Debt.Value;
        }

        // At most 2^31 members × LoyaltyLimits.MaxPointsPerMember × LoyaltyLimits.MaxCostPerPoint: inside decimal's range.
        var outstanding = available + pending;
        return new Liability(at, members, outstanding, available, pending, debt, Program.CostPerPoint, (decimal)outstanding * Program.CostPerPoint);
    }

    /// <summary>
    /// Gets breakage by earning month: of the points earned from orders and activities in each local month, the
    /// share that had expired unused by an instant (now by default), counting expiries not yet materialised.
    /// </summary>
    /// <param name="asOf">The instant, or <see langword="null"/> for now.</param>
    /// <param name="pageSize">Accounts read per page.</param>
    /// <param name="cancellationToken">A token to cancel the report.</param>
    /// <returns>One row per month in which points were earned, in month order.</returns>
    public async ValueTask<IReadOnlyList<BreakageByMonth>> GetBreakageAsync(Instant? asOf = null, int pageSize = 500, CancellationToken cancellationToken = default)
    {
        asOf = Instants.Clamp(asOf);
        Guard.Positive(pageSize);
        var at = asOf ?? _engine.Clock.GetCurrentInstant();
        var months = new SortedDictionary<YearMonth, (Int128 Earned, Int128 Expired)>();
        await foreach (var account in _engine.History.AllAccountsAsync(pageSize, cancellationToken).ConfigureAwait(false))
        {
            var (entries, lots) = await _engine.History.ReadHistoryAsync(account.MemberId, at, cancellationToken).ConfigureAwait(false);
            var earnedLots = new Dictionary<long, YearMonth>();
            foreach (var entry in entries)
            {
                if (entry.Kind == LedgerEntryKind.Earn && entry.Amount.IsPositive)
                {
                    var month = entry.At.InZone(Program.TimeZone).Date.ToYearMonth();
                    earnedLots[entry.Sequence] = month;
                    var (earned, expired) = months.GetValueOrDefault(month);
                    months[month] = (earned + entry.Amount.Value, expired);
                }
            }

            // Expired = materialised expiries on those lots, plus what is left in lots already due at the instant.
            var (open, _) = Balances.Rebuild(lots, entries);
            foreach (var entry in entries)
            {
                if (entry.Kind != LedgerEntryKind.Expire)
                {
                    continue;
                }

                foreach (var movement in entry.Movements)
                {
                    if (earnedLots.TryGetValue(movement.LotId, out var month))
                    {
                        var (earned, expired) = months[month];
                        months[month] = (earned, expired - movement.Change.Value);
                    }
                }
            }

            foreach (var lot in open)
            {
                if (lot.IsExpiredAt(at) && lot.Remaining.IsPositive && earnedLots.TryGetValue(lot.Id, out var month))
                {
                    var (earned, expired) = months[month];
                    months[month] = (earned, expired + lot.Remaining.Value);
                }
            }
        }

        var report = new List<BreakageByMonth>(months.Count);
        foreach (var (month, (earned, expired)) in months)
        {
            report.Add(new BreakageByMonth(month, earned, expired, earned == 0 ? 0m : (decimal)expired / (decimal)earned));
        }

        return report;
    }

    /// <summary>
    /// Gets the leaderboard of a period of local dates (in the program's zone): members ranked by net points earned
    /// (orders, activities and tasks, less returns) in it. One aggregate query in the store, then one sort.
    /// </summary>
    /// <param name="period">The local dates, inclusive.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The leaderboard.</returns>
    public async ValueTask<Leaderboard> GetLeaderboardAsync(DateInterval period, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(period);
        period = Instants.Clamp(period);
        var (from, to) = Bounds(period);
        var totals = await _engine.Store.ReadPointsEarnedAsync(Program.Id, from, to, cancellationToken).ConfigureAwait(false);
        return new Leaderboard(period, totals);
    }

    private static void CheckWindow(Duration expiringWithin) => Guard.Window(expiringWithin, name: nameof(expiringWithin));

    private (Instant From, Instant To) Bounds(DateInterval period) =>
        (Program.TimeZone.AtStartOfDay(period.Start).ToInstant(), Program.TimeZone.AtStartOfDay(period.End.PlusDays(1)).ToInstant());

    /// <summary>
    /// Lists, for every member with something to say, the figures of a statement email: points earned in a period of
    /// local dates, points expiring within a window after now, and the balance. Members with neither are left out.
    /// </summary>
    /// <param name="period">The period of the "earned" figure (such as this month), in the program's zone.</param>
    /// <param name="expiringWithin">The window after now for the "expiring" figure (such as 30 days).</param>
    /// <param name="pageSize">Accounts read per page.</param>
    /// <param name="cancellationToken">A token to cancel the scan.</param>
    /// <returns>The digests, in member-id order.</returns>
    public async IAsyncEnumerable<MemberDigest> ScanDigestsAsync(DateInterval period, Duration expiringWithin, int pageSize = 500, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(period);
        period = Instants.Clamp(period);
        Guard.Positive(pageSize);
        CheckWindow(expiringWithin);

        var now = _engine.Clock.GetCurrentInstant();
        var (from, to) = Bounds(period);
        var earned = new Dictionary<MemberId, long>();
        foreach (var row in await _engine.Store.ReadPointsEarnedAsync(Program.Id, from, to, cancellationToken).ConfigureAwait(false))
        {
            earned[row.MemberId] = row.Points;
        }

        await foreach (var account in _engine.History.AllAccountsAsync(pageSize, cancellationToken).ConfigureAwait(false))
        {
            var expiring = await _engine.History.ExpiringAsync(account, now, now + expiringWithin, cancellationToken).ConfigureAwait(false);
            var points = earned.GetValueOrDefault(account.MemberId);
            if (points == 0 && expiring.Total.IsZero)
            {
                continue;
            }

            var balance = await _engine.History.BalanceAsOfAsync(account, now, cancellationToken).ConfigureAwait(false);
            yield return new MemberDigest(account.MemberId, period, Points.FromInt64(points), expiring, balance);
        }
    }

    /// <summary>
    /// Gets one member's statement-email figures: net points earned in a period of local dates, points expiring within
    /// a window after now (lot by lot), and the balance now; the same figures <see cref="ScanDigestsAsync"/> lists.
    /// </summary>
    /// <param name="memberId">The member.</param>
    /// <param name="period">The period of the "earned" figure, in the program's zone.</param>
    /// <param name="expiringWithin">The window after now for the "expiring" figure.</param>
    /// <param name="cancellationToken">A token to cancel the reads.</param>
    /// <returns>The digest (zeros for an unknown member).</returns>
    public async ValueTask<MemberDigest> GetDigestAsync(MemberId memberId, DateInterval period, Duration expiringWithin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(period);
        period = Instants.Clamp(period);
        Guard.NotDefault(memberId.IsDefault, nameof(memberId));
        CheckWindow(expiringWithin);

        var now = _engine.Clock.GetCurrentInstant();
        var (from, to) = Bounds(period);
        long earned = 0;
        foreach (var entry in await _engine.Store.ReadEntriesUpToAsync(Program.Id, memberId, to, cancellationToken).ConfigureAwait(false))
        {
            if (MemberPoints.CountsAsEarned(entry, from, to))
            {
                earned += entry.Amount.Value;
            }
        }

        var account = (await _engine.Store.LoadAsync(new LedgerLoadRequest(Program.Id, memberId), cancellationToken).ConfigureAwait(false)).Account;
        var expiring = await _engine.History.ExpiringAsync(account, now, now + expiringWithin, cancellationToken).ConfigureAwait(false);
        var balance = await _engine.History.BalanceAsOfAsync(account, now, cancellationToken).ConfigureAwait(false);
        return new MemberDigest(memberId, period, Points.FromInt64(Math.Max(0, earned)), expiring, balance);
    }
}
