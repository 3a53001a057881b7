using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage;
using NodaTime;

namespace Loyalty.Sdk;

/// <summary>Rewards, engagement, leaderboards, reminders, win-back and the outbox.</summary>
public sealed partial class LoyaltyEngine
{
    /// <summary>Gets a member's reward claims, oldest first.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The claims.</returns>
    public ValueTask<IReadOnlyList<RewardClaim>> GetClaimsAsync(MemberId memberId, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(memberId.IsDefault, nameof(memberId));
        return _store.ReadClaimsAsync(Program.Id, memberId, cancellationToken);
    }

    /// <summary>Finds the claim that issued a voucher (to check a code at checkout before <see cref="UseVoucherCommand"/>).</summary>
    /// <param name="voucherCode">The code.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The claim, or <see langword="null"/> for an unknown code.</returns>
    public ValueTask<RewardClaim?> FindVoucherAsync(string voucherCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(voucherCode);
        return _store.FindClaimByVoucherAsync(Program.Id, voucherCode, cancellationToken);
    }

    /// <summary>Gets a reward's stock: total, reserved, confirmed and available units.</summary>
    /// <param name="rewardId">The reward, which must track stock.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The stock (all zero when never stocked).</returns>
    /// <exception cref="ArgumentException">The reward is not in the catalogue or does not track stock.</exception>
    public async ValueTask<RewardStock> GetStockAsync(string rewardId, CancellationToken cancellationToken = default)
    {
        var reward = StockedReward(rewardId);
        return await _store.ReadStockAsync(Program.Id, reward.Id, cancellationToken).ConfigureAwait(false) ?? new RewardStock(reward.Id, 0, 0, 0);
    }

    /// <summary>Adds units to a reward's stock (restocking), or removes available units with a negative quantity.</summary>
    /// <param name="rewardId">The reward, which must track stock.</param>
    /// <param name="quantity">The units to add, or to remove when negative; not zero.</param>
    /// <param name="cancellationToken">A token to cancel the write.</param>
    /// <returns>The stock after the change.</returns>
    /// <exception cref="ArgumentException">The reward is not in the catalogue or does not track stock, or the quantity is zero or beyond <see cref="LoyaltyLimits.MaxStockChange"/> either way.</exception>
    /// <exception cref="InvalidOperationException">Removing would take units that are reserved or confirmed; nothing changed.</exception>
    public async ValueTask<RewardStock> AddStockAsync(string rewardId, long quantity, CancellationToken cancellationToken = default)
    {
        var reward = StockedReward(rewardId);
        if (quantity == 0 || quantity < -LoyaltyLimits.MaxStockChange || quantity > LoyaltyLimits.MaxStockChange)
        {
            throw new ArgumentOutOfRangeException(nameof(quantity), quantity, $"The quantity must not be zero, and at most {LoyaltyLimits.MaxStockChange} units either way.");
        }

        return await _store.AddStockAsync(Program.Id, reward.Id, quantity, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Reward '{reward.Id}' has fewer than {Math.Abs(quantity)} available unit(s) to remove; nothing changed.");
    }

    private Reward StockedReward(string rewardId)
    {
        ArgumentNullException.ThrowIfNull(rewardId);
        return Program.Engagement.FindReward(rewardId) is { TracksStock: true } reward
            ? reward
            : throw new ArgumentException($"Reward '{rewardId}' is not in the catalogue of program '{Program.Id}', or does not track stock.", nameof(rewardId));
    }

    /// <summary>
    /// Gets a member's progress on every task in the period containing an instant (now by default), recomputed from
    /// the ledger: accepted actions recorded in the period, and whether the task was completed in it.
    /// </summary>
    /// <param name="memberId">The member.</param>
    /// <param name="asOf">The instant, or <see langword="null"/> for now.</param>
    /// <param name="cancellationToken">A token to cancel the reads.</param>
    /// <returns>One row per task, in definition order.</returns>
    public async ValueTask<IReadOnlyList<TaskProgress>> GetTaskProgressAsync(MemberId memberId, Instant? asOf = null, CancellationToken cancellationToken = default)
    {
        asOf = Instants.Clamp(asOf);
        Guard.NotDefault(memberId.IsDefault, nameof(memberId));
        var at = asOf ?? _clock.GetCurrentInstant();
        var tasks = Program.Engagement.Tasks;
        var entries = tasks.Count == 0 ? [] : await _store.ReadEntriesUpToAsync(Program.Id, memberId, at, cancellationToken).ConfigureAwait(false);
        var today = at.InZone(Program.TimeZone).Date;
        var days = new LocalDate[entries.Count]; // each entry's local date, computed once for every task
        for (var i = 0; i < days.Length; i++)
        {
            days[i] = entries[i].At.InZone(Program.TimeZone).Date;
        }

        var progress = new List<TaskProgress>(tasks.Count);
        foreach (var task in tasks)
        {
            var start = CounterSet.Start(task.Period, today);
            var end = task.Period switch
            {
                Rules.CapPeriod.Day => start,
                Rules.CapPeriod.Month => start.PlusMonths(1).PlusDays(-1),
                _ => start.PlusYears(1).PlusDays(-1),
            };
            var done = 0;
            var completed = false;
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                if (entry.Kind != LedgerEntryKind.Earn || days[i] < start || days[i] > end)
                {
                    continue;
                }

                if (entry.ActivityType == task.EntryActivityType)
                {
                    completed = true;
                }
                else if (task.Action == EngagementTask.OrderAction ? entry.OrderId is not null : entry.ActivityType == task.Action)
                {
                    done++;
                }
            }

            progress.Add(new TaskProgress(task.Id, start, end, Math.Min(done, task.Count), task.Count, completed, Points.FromInt64(task.Points)));
        }

        return progress;
    }

    /// <summary>Gets the perks a member has as of an instant (now by default): those of their tier then, and those for everyone.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="asOf">The instant, or <see langword="null"/> for now.</param>
    /// <param name="cancellationToken">A token to cancel the reads.</param>
    /// <returns>The perks.</returns>
    public async ValueTask<MemberPerks> GetPerksAsync(MemberId memberId, Instant? asOf = null, CancellationToken cancellationToken = default)
    {
        asOf = Instants.Clamp(asOf);
        Guard.NotDefault(memberId.IsDefault, nameof(memberId));
        var at = asOf ?? _clock.GetCurrentInstant();
        string? tier = null;
        var index = -1;
        if (Program.Tiers is { } ladder)
        {
            var (machine, _, _) = await TiersAsOfAsync(memberId, at, cancellationToken).ConfigureAwait(false);
            tier = machine.Current.Id;
            index = ladder.IndexOf(tier);
        }

        var perks = new List<TierPerk>();
        foreach (var perk in Program.Engagement.Perks)
        {
            if (perk.MinimumTier is null || (index >= 0 && index >= Program.Tiers!.IndexOf(perk.MinimumTier)))
            {
                perks.Add(perk);
            }
        }

        return new MemberPerks(memberId, at, tier, perks);
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
        var totals = await _store.ReadPointsEarnedAsync(Program.Id, from, to, cancellationToken).ConfigureAwait(false);
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

        var now = _clock.GetCurrentInstant();
        var (from, to) = Bounds(period);
        var earned = new Dictionary<MemberId, long>();
        foreach (var row in await _store.ReadPointsEarnedAsync(Program.Id, from, to, cancellationToken).ConfigureAwait(false))
        {
            earned[row.MemberId] = row.Points;
        }

        await foreach (var account in AllAccountsAsync(pageSize, cancellationToken).ConfigureAwait(false))
        {
            var expiring = await ExpiringAsync(account, now, now + expiringWithin, cancellationToken).ConfigureAwait(false);
            var points = earned.GetValueOrDefault(account.MemberId);
            if (points == 0 && expiring.Total.IsZero)
            {
                continue;
            }

            var balance = await BalanceAsOfAsync(account, now, cancellationToken).ConfigureAwait(false);
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

        var now = _clock.GetCurrentInstant();
        var (from, to) = Bounds(period);
        long earned = 0;
        foreach (var entry in await _store.ReadEntriesUpToAsync(Program.Id, memberId, to, cancellationToken).ConfigureAwait(false))
        {
            if (MemberPoints.CountsAsEarned(entry, from, to))
            {
                earned += entry.Amount.Value;
            }
        }

        var account = (await _store.LoadAsync(new LedgerLoadRequest(Program.Id, memberId), cancellationToken).ConfigureAwait(false)).Account;
        var expiring = await ExpiringAsync(account, now, now + expiringWithin, cancellationToken).ConfigureAwait(false);
        var balance = await BalanceAsOfAsync(account, now, cancellationToken).ConfigureAwait(false);
        return new MemberDigest(memberId, period, Points.FromInt64(Math.Max(0, earned)), expiring, balance);
    }

    /// <summary>
    /// Runs the reminder job: writes a <see cref="PointsExpiringSoon"/> event for every member with points expiring
    /// within a window after now, once per member and first expiry instant (keyed, so safe to repeat and to run on
    /// several instances).
    /// </summary>
    /// <param name="window">The window, such as 30 days.</param>
    /// <param name="pageSize">Accounts read per page.</param>
    /// <param name="cancellationToken">A token to cancel the run between accounts.</param>
    /// <returns>The number of reminders written by this run.</returns>
    public async ValueTask<int> RunExpiryRemindersAsync(Duration window, int pageSize = 500, CancellationToken cancellationToken = default)
    {
        Guard.Window(window, positive: true);

        var now = _clock.GetCurrentInstant();
        var written = 0;
        await foreach (var expiring in ScanExpiringAsync(now, now + window, pageSize, cancellationToken).ConfigureAwait(false))
        {
            var first = expiring.Lots[0].ExpiresAt;
            var key = IdempotencyKey.From($"expiring-soon:{first.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture)}:{expiring.MemberId.Value}");
            var result = await ExecuteAsync(new RemindExpiringCommand(expiring.MemberId, key, window), cancellationToken).ConfigureAwait(false);
            written += result.Outcome == LedgerOutcome.Committed ? 1 : 0;
        }

        return written;
    }

    /// <summary>
    /// Runs the birthday and anniversary job: grants each rule's reward to every member whose occasion is today (or
    /// within the rule's grace days) in their zone, once per member and year. Safe to run at any time, repeatedly and
    /// on several instances: the grant is keyed by member, occasion and year, and checked against the account's
    /// yearly counter in the same commit.
    /// </summary>
    /// <param name="pageSize">Accounts read per page.</param>
    /// <param name="cancellationToken">A token to cancel the run between accounts.</param>
    /// <returns>The number of grants made by this run.</returns>
    public async ValueTask<int> RunCelebrationsAsync(int pageSize = 500, CancellationToken cancellationToken = default)
    {
        Guard.Positive(pageSize);
        var rules = Program.Engagement.Celebrations;
        if (rules.Count == 0)
        {
            return 0;
        }

        var granted = 0;
        await foreach (var account in AllAccountsAsync(pageSize, cancellationToken).ConfigureAwait(false))
        {
            foreach (var rule in rules)
            {
                var (occasion, _) = Occasions.Due(rule, account.Profile, account.Tier, Program.TimeZone, _clock.GetCurrentInstant());
                if (occasion is not { } day || CounterSet.Value(account.Counters, rule.Counter, new LocalDate(day.Year, 1, 1)) > 0)
                {
                    continue;
                }

                var key = IdempotencyKey.From($"celebration:{rule.Kind}:{day.Year.ToString(CultureInfo.InvariantCulture)}:{account.MemberId.Value}");
                var result = await ExecuteAsync(new GrantCelebrationCommand(account.MemberId, key, rule.Kind), cancellationToken).ConfigureAwait(false);
                granted += result.Outcome == LedgerOutcome.Committed ? 1 : 0;
            }
        }

        return granted;
    }

    /// <summary>
    /// Runs a win-back rule over churn signals (one per member, from the churn scorers): every member the rule
    /// targets gets its action once per campaign period (keyed by rule, period and member, and checked against the
    /// account's counter in the same commit, so repeating the run or running it on several instances acts once).
    /// With <paramref name="dryRun"/>, nothing is written: the result lists who would be targeted and why. Signals of
    /// people without an account are skipped: win-back acts on members.
    /// </summary>
    /// <param name="rule">The rule.</param>
    /// <param name="signals">The churn signals.</param>
    /// <param name="dryRun">Whether to only list the targets.</param>
    /// <param name="cancellationToken">A token to cancel the run between members.</param>
    /// <returns>The targets and what was done.</returns>
    /// <exception cref="ArgumentException">The rule is invalid for the program (the message lists why).</exception>
    public async ValueTask<WinBackRunResult> RunWinBackAsync(WinBackRule rule, IEnumerable<WinBackSignal> signals, bool dryRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(signals);
        var errors = rule.Validate(Program);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(rule));
        }

        var now = _clock.GetCurrentInstant();
        var start = CounterSet.Start(rule.Period, now.InZone(Program.TimeZone).Date);
        var period = start.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
        var evaluated = 0;
        var applied = 0;
        var targets = new List<WinBackTarget>();
        foreach (var signal in signals)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ArgumentNullException.ThrowIfNull(signal, nameof(signals));
            evaluated++;
            if (rule.Evaluate(signal) is not { } reasons)
            {
                continue;
            }

            var account = (await _store.LoadAsync(new LedgerLoadRequest(Program.Id, signal.MemberId), cancellationToken).ConfigureAwait(false)).Account;
            if (!account.Exists)
            {
                continue;
            }

            var already = CounterSet.Value(account.Counters, rule.Counter, start) > 0;
            targets.Add(new WinBackTarget(signal.MemberId, reasons, already));
            if (dryRun || already)
            {
                continue;
            }

            var key = IdempotencyKey.From($"win-back:{rule.Id}:{period}:{signal.MemberId.Value}");
            var result = await ExecuteAsync(new WinBackCommand(signal.MemberId, key, rule, [.. reasons]), cancellationToken).ConfigureAwait(false);
            applied += result.Outcome == LedgerOutcome.Committed ? 1 : 0;
        }

        return new WinBackRunResult(rule.Id, dryRun, evaluated, targets, applied);
    }

    /// <summary>Reads committed events of the program after a cursor, in order (see <see cref="ILedgerStore.ReadEventsAsync"/>).</summary>
    /// <param name="after">The cursor, <see cref="EventCursor.Start"/> for the beginning.</param>
    /// <param name="maxCount">The most events to return.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The events, each with its cursor.</returns>
    public ValueTask<IReadOnlyList<OutboxEvent>> ReadEventsAsync(EventCursor after, int maxCount = 100, CancellationToken cancellationToken = default)
    {
        Guard.Positive(maxCount);
        return _store.ReadEventsAsync(Program.Id, after, maxCount, cancellationToken);
    }

    /// <summary>
    /// Delivers the program's events to a named consumer, at least once, in order: reads from the consumer's saved
    /// cursor, calls the handler for each event, and saves the cursor after each batch. If the handler throws (or
    /// the process dies), the cursor stays at the last saved batch and those events are delivered again next time,
    /// so handlers should be idempotent (deduplicate by <see cref="LoyaltyEvent.EventId"/>).
    /// </summary>
    /// <param name="consumer">The consumer's name, such as <c>email</c>.</param>
    /// <param name="handler">Handles one event.</param>
    /// <param name="batchSize">Events read (and acknowledged) per batch.</param>
    /// <param name="cancellationToken">A token to cancel delivery between events.</param>
    /// <returns>The number of events delivered (when it returns, the consumer has caught up).</returns>
    public async ValueTask<int> DeliverEventsAsync(string consumer, Func<LoyaltyEvent, CancellationToken, ValueTask> handler, int batchSize = 100, CancellationToken cancellationToken = default)
    {
        Guard.Text(consumer, 200, nameof(consumer));
        ArgumentNullException.ThrowIfNull(handler);
        Guard.Positive(batchSize);
        var cursor = await _store.ReadConsumerCursorAsync(Program.Id, consumer, cancellationToken).ConfigureAwait(false);
        var delivered = 0;
        while (true)
        {
            var page = await _store.ReadEventsAsync(Program.Id, cursor, batchSize, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                return delivered;
            }

            foreach (var item in page)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await handler(item.Event, cancellationToken).ConfigureAwait(false);
                delivered++;
            }

            cursor = page[^1].Cursor;
            await _store.SaveConsumerCursorAsync(Program.Id, consumer, cursor, cancellationToken).ConfigureAwait(false);
        }
    }
}
