using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Diagnostics;
using Loyalty.Sdk.Expiry;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Ledger.Decisions;
using Loyalty.Sdk.Storage;
using Loyalty.Sdk.Tiers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Loyalty.Sdk;

/// <summary>
/// Runs ledger commands for one program against a store: checks the idempotency key, decides the command with the
/// pure core, and commits atomically, retrying a bounded number of times when a concurrent command changed the account.
/// Also answers as-of queries, statements and "expiring soon", and runs the expiry job.
/// </summary>
/// <remarks>This type is thread-safe: one engine serves any number of concurrent callers.</remarks>
public sealed partial class LoyaltyEngine
{
    private readonly ILedgerStore _store;
    private readonly IClock _clock;
    private readonly int _maxAttempts;
    private readonly ILogger _logger;
    private readonly KeyValuePair<string, object?> _programTag;

    /// <summary>Initializes a new instance of the <see cref="LoyaltyEngine"/> class.</summary>
    /// <param name="program">The program.</param>
    /// <param name="store">The store, which may be shared with engines of other programs.</param>
    /// <param name="clock">The clock: every command takes its instant from it.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="LoyaltyEngineOptions.MaxConcurrencyAttempts"/> is not positive.</exception>
    public LoyaltyEngine(LoyaltyProgram program, ILedgerStore store, IClock clock, LoyaltyEngineOptions? options = null)
    {
        Program = Guard.NotNull(program);
        _store = Guard.NotNull(store);
        _clock = Guard.NotNull(clock);
        _maxAttempts = Guard.Positive((options ?? new LoyaltyEngineOptions()).MaxConcurrencyAttempts, nameof(options));
        _logger = options?.Logger ?? NullLogger.Instance;
        _programTag = new KeyValuePair<string, object?>("loyalty.program", Program.Id.Value);
    }

    /// <summary>Gets the program.</summary>
    public LoyaltyProgram Program { get; }

    /// <summary>Executes a command: commits it, replays the original result for a known key, or rejects it with a typed reason.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">A token to cancel the command before it commits.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    /// <exception cref="Storage.LedgerStoreException">The store failed; <see cref="Storage.LedgerStoreException.MayHaveCommitted"/> says whether to send the command again with the same key to learn its outcome.</exception>
    /// <remarks>A command that would pass a bound (see <see cref="LoyaltyLimits"/>) is rejected with <see cref="RejectionReason.LimitExceeded"/>: arithmetic never overflows into an exception.</remarks>
    public ValueTask<LedgerResult> ExecuteAsync(LedgerCommand command, CancellationToken cancellationToken = default) =>
        RunAsync(Guard.NotNull(command), commit: true, cancellationToken);

    /// <summary>Decides a command without committing it: the entries and balance it would produce (a dry run).</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">A token to cancel the reads.</param>
    /// <returns>The result, with <see cref="LedgerOutcome.Previewed"/> (or the replay or rejection the command would get).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    public ValueTask<LedgerResult> PreviewAsync(LedgerCommand command, CancellationToken cancellationToken = default) =>
        RunAsync(Guard.NotNull(command), commit: false, cancellationToken);

    /// <summary>
    /// Imports many commands at once (a migration, a backfill, a nightly feed): they are decided in order, each
    /// against the state the earlier ones left, and committed in one transaction, all or none. Keys replay and
    /// conflict exactly as with <see cref="ExecuteAsync"/>; a concurrent change to an account re-decides the batch.
    /// </summary>
    /// <param name="commands">The commands, in the order they happened.</param>
    /// <param name="cancellationToken">A token to cancel the import before it commits.</param>
    /// <returns>One result per command, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="commands"/> or one of them is null.</exception>
    public async ValueTask<IReadOnlyList<LedgerResult>> ImportAsync(IReadOnlyList<LedgerCommand> commands, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        foreach (var command in commands)
        {
            ArgumentNullException.ThrowIfNull(command, nameof(commands));
        }

        for (var attempt = 1; ; attempt++)
        {
            var overlay = new ImportOverlay();
            var results = new LedgerResult[commands.Count];
            var changes = new List<LedgerChangeSet>(commands.Count);
            for (var i = 0; i < commands.Count; i++)
            {
                var command = commands[i];
                var plan = LoadPlan.For(Program, command, _clock.GetCurrentInstant());
                var request = plan.Request;
                if (overlay.TryGetResult(command.MemberId, command.Key, out var earlier))
                {
                    if (earlier.Fingerprint == command.PayloadFingerprint)
                    {
                        results[i] = new LedgerResult(LedgerOutcome.Replayed, earlier.Result.Entries, earlier.Result.Balance, earlier.Result.Version, null, earlier.Result.Accrual);
                    }
                    else
                    {
                        var mine = overlay.Overlay(await _store.LoadAsync(request with { CommandKey = null }, cancellationToken).ConfigureAwait(false), request).Account;
                        results[i] = Conflict(command, mine);
                    }

                    continue;
                }

                var stored = await _store.LoadAsync(request, cancellationToken).ConfigureAwait(false);
                if (stored.Idempotency is { } existing)
                {
                    results[i] = await ReplayAsync(command, request, existing, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var context = overlay.Overlay(stored, request);
                var decision = LedgerDecider.Decide(Program, context, command, plan.Now);
                if (decision.Rejection is { } rejection)
                {
                    results[i] = new LedgerResult(LedgerOutcome.Rejected, [], Balances.FromState(context.Account, decision.Now), context.Account.Version, rejection);
                    continue;
                }

                var decided = decision.Changes!;
                results[i] = new LedgerResult(LedgerOutcome.Committed, decided.Entries, decided.Idempotency.Balance, decided.NewState.Version, null, decided.Accrual);
                changes.Add(decided);
                overlay.Record(command, decided, results[i]);
            }

            if (changes.Count == 0)
            {
                return results;
            }

            var status = await _store.CommitBatchAsync(changes, cancellationToken).ConfigureAwait(false);
            if (status == CommitStatus.Committed)
            {
                return results;
            }

            if (attempt >= _maxAttempts)
            {
                // Keeps colliding with other writers: fall back to one transaction per command.
                var oneByOne = new LedgerResult[commands.Count];
                for (var i = 0; i < commands.Count; i++)
                {
                    oneByOne[i] = await ExecuteAsync(commands[i], cancellationToken).ConfigureAwait(false);
                }

                return oneByOne;
            }

            await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gets a member's balance as of an instant (now by default), correct whether or not the expiry job has run.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="asOf">The instant, or <see langword="null"/> for now.</param>
    /// <param name="cancellationToken">A token to cancel the reads.</param>
    /// <returns>The balance; zero for an unknown member.</returns>
    public async ValueTask<AccountBalance> GetBalanceAsync(MemberId memberId, Instant? asOf = null, CancellationToken cancellationToken = default)
    {
        asOf = Instants.Clamp(asOf);
        Guard.NotDefault(memberId.IsDefault, nameof(memberId));
        var at = asOf ?? _clock.GetCurrentInstant();
        var context = await _store.LoadAsync(new LedgerLoadRequest(Program.Id, memberId), cancellationToken).ConfigureAwait(false);
        return await BalanceAsOfAsync(context.Account, at, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets a member's account state after the last committed command.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The state; version 0 for an unknown member.</returns>
    public async ValueTask<AccountState> GetAccountAsync(MemberId memberId, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(memberId.IsDefault, nameof(memberId));
        var context = await _store.LoadAsync(new LedgerLoadRequest(Program.Id, memberId), cancellationToken).ConfigureAwait(false);
        return context.Account;
    }

    /// <summary>Gets what an order earned, line by line, and what was returned.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="orderId">The order.</param>
    /// <param name="cancellationToken">A token to cancel the read.</param>
    /// <returns>The accrual, or <see langword="null"/> when the order never earned for the member.</returns>
    public async ValueTask<OrderAccrual?> GetAccrualAsync(MemberId memberId, string orderId, CancellationToken cancellationToken = default)
    {
        Guard.NotDefault(memberId.IsDefault, nameof(memberId));
        ArgumentNullException.ThrowIfNull(orderId);
        var context = await _store.LoadAsync(new LedgerLoadRequest(Program.Id, memberId, orderId), cancellationToken).ConfigureAwait(false);
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

        var (entries, lots) = await ReadHistoryAsync(memberId, to, cancellationToken).ConfigureAwait(false);
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

        var context = await _store.LoadAsync(new LedgerLoadRequest(Program.Id, memberId), cancellationToken).ConfigureAwait(false);
        return await ExpiringAsync(context.Account, from, to, cancellationToken).ConfigureAwait(false);
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
        var due = PagesAsync((after, ct) => _store.ScanAccountsDueAsync(Program.Id, to, after, pageSize, ct), pageSize, cancellationToken);
        await foreach (var account in due.ConfigureAwait(false))
        {
            var expiring = await ExpiringAsync(account, from, to, cancellationToken).ConfigureAwait(false);
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
        var at = asOf ?? _clock.GetCurrentInstant();
        var members = 0;
        Int128 available = 0, pending = 0, debt = 0;
        await foreach (var account in AllAccountsAsync(pageSize, cancellationToken).ConfigureAwait(false))
        {
            var balance = await BalanceAsOfAsync(account, at, cancellationToken).ConfigureAwait(false);
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
        var at = asOf ?? _clock.GetCurrentInstant();
        var months = new SortedDictionary<YearMonth, (Int128 Earned, Int128 Expired)>();
        await foreach (var account in AllAccountsAsync(pageSize, cancellationToken).ConfigureAwait(false))
        {
            var (entries, lots) = await ReadHistoryAsync(account.MemberId, at, cancellationToken).ConfigureAwait(false);
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
    /// Runs the expiry job: materialises every due expiry of the program as Expire entries, and every due tier review
    /// as TierChange entries. Safe to run at any time,
    /// repeatedly, and on several instances at once: each instance claims disjoint batches of due accounts, balances
    /// never depend on the job, and an expiry is written once.
    /// </summary>
    /// <param name="batchSize">Accounts claimed per batch.</param>
    /// <param name="cancellationToken">A token to cancel the run between accounts.</param>
    /// <returns>What the run did.</returns>
    public async ValueTask<ExpiryRunResult> RunExpiryAsync(int batchSize = 500, CancellationToken cancellationToken = default)
    {
        Guard.Positive(batchSize);
        var now = _clock.GetCurrentInstant();
        var lease = Duration.FromMinutes(5);
        var scanned = 0;
        var written = 0;
        var tierChanges = 0;
        var expired = Points.Zero;
        while (true)
        {
            var batch = await _store.ClaimAccountsDueAsync(Program.Id, now, _clock.GetCurrentInstant(), batchSize, lease, cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                Log.ExpiryRun(_logger, Program.Id.Value, scanned, written, expired.Value, tierChanges);
                return new ExpiryRunResult(scanned, written, expired, tierChanges);
            }

            foreach (var account in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                scanned++;
                var key = IdempotencyKey.From($"expire:{now.ToUnixTimeTicks()}:{account.MemberId.Value}");
                var result = await ExecuteAsync(new ExpireCommand(account.MemberId, key), cancellationToken).ConfigureAwait(false);
                if (result.Outcome != LedgerOutcome.Committed)
                {
                    continue;
                }

                foreach (var entry in result.Entries)
                {
                    if (entry.Kind == LedgerEntryKind.TierChange)
                    {
                        tierChanges++;
                        continue;
                    }

                    written++;
                    expired -= entry.Amount;
                }
            }
        }
    }

    /// <summary>
    /// Gets a member's tier as of an instant (now by default), with the qualifying amount of the current window, what
    /// is needed to reach the next tier and to keep the current one, and by when. A pure function of the ledger and
    /// the ladder: reviews due by the instant count whether or not a command or the job has materialised them.
    /// </summary>
    /// <param name="memberId">The member.</param>
    /// <param name="asOf">The instant, or <see langword="null"/> for now.</param>
    /// <param name="cancellationToken">A token to cancel the reads.</param>
    /// <returns>The status; the base tier for an unknown member.</returns>
    /// <exception cref="InvalidOperationException">The program has no tier ladder.</exception>
    public async ValueTask<TierStatus> GetTierAsync(MemberId memberId, Instant? asOf = null, CancellationToken cancellationToken = default)
    {
        asOf = Instants.Clamp(asOf);
        var (machine, at, exists) = await TiersAsOfAsync(memberId, asOf, cancellationToken).ConfigureAwait(false);
        return TierStatus.From(Program.Tiers!, Program.TimeZone, memberId, at, exists, machine);
    }

    /// <summary>Gets a member's tier changes up to an instant (now by default), oldest first, each with its reason; recomputed from the ledger, so reviews not yet materialised are included.</summary>
    /// <param name="memberId">The member.</param>
    /// <param name="asOf">The instant, or <see langword="null"/> for now.</param>
    /// <param name="cancellationToken">A token to cancel the reads.</param>
    /// <returns>The changes; empty for a member who never left the base tier.</returns>
    /// <exception cref="InvalidOperationException">The program has no tier ladder.</exception>
    public async ValueTask<IReadOnlyList<TierChange>> GetTierHistoryAsync(MemberId memberId, Instant? asOf = null, CancellationToken cancellationToken = default)
    {
        asOf = Instants.Clamp(asOf);
        var ladder = RequireTiers();
        Guard.NotDefault(memberId.IsDefault, nameof(memberId));
        var at = asOf ?? _clock.GetCurrentInstant();
        var entries = await _store.ReadEntriesUpToAsync(Program.Id, memberId, at, cancellationToken).ConfigureAwait(false);
        return TierMachine.Replay(ladder, Program.TimeZone, entries, at).Changes.ToArray();
    }

    /// <summary>The tier machine as of an instant: from the state when the instant is no earlier than the last commit, else replayed from the entries.</summary>
    private async ValueTask<(TierMachine Machine, Instant At, bool Exists)> TiersAsOfAsync(MemberId memberId, Instant? asOf, CancellationToken cancellationToken)
    {
        var ladder = RequireTiers();
        Guard.NotDefault(memberId.IsDefault, nameof(memberId));
        var at = asOf ?? _clock.GetCurrentInstant();
        var state = (await _store.LoadAsync(new LedgerLoadRequest(Program.Id, memberId), cancellationToken).ConfigureAwait(false)).Account;
        if (state.Exists && state.LastRecordedAt <= at && state.Tier is not null)
        {
            var machine = TierMachine.Start(ladder, Program.TimeZone, state.Tier, at);
            machine.Advance(at);
            return (machine, at, true);
        }

        var entries = state.Exists ? await _store.ReadEntriesUpToAsync(Program.Id, memberId, at, cancellationToken).ConfigureAwait(false) : [];
        return (TierMachine.Replay(ladder, Program.TimeZone, entries, at), at, entries.Count > 0);
    }

    private TierLadder RequireTiers() =>
        Program.Tiers ?? throw new InvalidOperationException($"Program '{Program.Id}' has no tier ladder.");

    private IAsyncEnumerable<AccountState> AllAccountsAsync(int pageSize, CancellationToken cancellationToken) =>
        PagesAsync((after, ct) => _store.ScanAccountsAsync(Program.Id, after, pageSize, ct), pageSize, cancellationToken);

    /// <summary>Walks a paged account scan (member-id cursor) to its end.</summary>
    private static async IAsyncEnumerable<AccountState> PagesAsync(
        Func<MemberId?, CancellationToken, ValueTask<IReadOnlyList<AccountState>>> readPage,
        int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        MemberId? after = null;
        while (true)
        {
            var page = await readPage(after, cancellationToken).ConfigureAwait(false);
            foreach (var account in page)
            {
                yield return account;
            }

            if (page.Count < pageSize)
            {
                yield break;
            }

            after = page[^1].MemberId;
        }
    }

    private async ValueTask<AccountBalance> BalanceAsOfAsync(AccountState state, Instant at, CancellationToken cancellationToken)
    {
        var (lots, debt) = await OpenLotsAsOfAsync(state, at, cancellationToken).ConfigureAwait(false);
        return Balances.Classify(lots, debt, at);
    }

    /// <summary>
    /// The account's lots with points remaining, and its debt, as recorded by the entries that took effect by an
    /// instant (expiries not yet materialised are left to the caller). The state answers directly when the instant is
    /// no earlier than its last commit; otherwise the history is rebuilt.
    /// </summary>
    private async ValueTask<(IReadOnlyList<Lot> Lots, Points Debt)> OpenLotsAsOfAsync(AccountState state, Instant at, CancellationToken cancellationToken)
    {
        if (!state.Exists || state.LastRecordedAt <= at)
        {
            return (state.OpenLots, state.Debt);
        }

        var (entries, lots) = await ReadHistoryAsync(state.MemberId, at, cancellationToken).ConfigureAwait(false);
        var (open, debt) = Balances.Rebuild(lots, entries);
        return (open, debt);
    }

    /// <summary>A member's entries that took effect by an instant, and all of the member's lots.</summary>
    private async ValueTask<(IReadOnlyList<LedgerEntry> Entries, IReadOnlyList<Lot> Lots)> ReadHistoryAsync(MemberId memberId, Instant upTo, CancellationToken cancellationToken)
    {
        var entries = await _store.ReadEntriesUpToAsync(Program.Id, memberId, upTo, cancellationToken).ConfigureAwait(false);
        var lots = await _store.ReadLotsAsync(Program.Id, memberId, cancellationToken).ConfigureAwait(false);
        return (entries, lots);
    }

    private async ValueTask<ExpiringPoints> ExpiringAsync(AccountState account, Instant from, Instant to, CancellationToken cancellationToken)
    {
        var (open, _) = await OpenLotsAsOfAsync(account, from, cancellationToken).ConfigureAwait(false);

        var expiring = new List<ExpiringLot>();
        var total = Points.Zero;
        foreach (var lot in open)
        {
            if (lot.ExpiresAt is { } expiresAt && expiresAt > from && expiresAt <= to && lot.Remaining.IsPositive)
            {
                expiring.Add(new ExpiringLot(lot.Id, lot.Remaining, expiresAt));
                total += lot.Remaining;
            }
        }

        expiring.Sort((x, y) => x.ExpiresAt != y.ExpiresAt ? x.ExpiresAt.CompareTo(y.ExpiresAt) : x.LotId.CompareTo(y.LotId));
        return new ExpiringPoints(account.MemberId, from, to, total, expiring);
    }

    private async ValueTask<LedgerResult> RunAsync(LedgerCommand command, bool commit, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var name = command.Handler.Name;
        using var activity = LoyaltyTelemetry.Source.StartActivity("loyalty.command");
        activity?.SetTag(_programTag.Key, _programTag.Value);
        activity?.SetTag("loyalty.command", name);
        LedgerResult? result = null;
        try
        {
            result = await RunCoreAsync(command, commit, name, cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            Record(name, result, started, activity);
        }
    }

    /// <summary>Reports a finished command: the commands counter and duration, points moved, the activity's outcome.</summary>
    private void Record(string name, LedgerResult? result, long started, Activity? activity)
    {
        if (activity is null && !LoyaltyTelemetry.AnyListener)
        {
            return; // nobody listens: keep the hot path free of tag lists
        }

        var outcome = result?.Outcome switch
        {
            LedgerOutcome.Committed => "committed",
            LedgerOutcome.Replayed => "replayed",
            LedgerOutcome.Rejected => "rejected",
            LedgerOutcome.Previewed => "previewed",
            _ => "error",
        };
        var tags = new TagList { _programTag, { "loyalty.command", name }, { "loyalty.outcome", outcome } };
        if (result?.Rejection is { } rejection)
        {
            tags.Add("loyalty.rejection", rejection.Reason.ToString());
        }

        LoyaltyTelemetry.Commands.Add(1, tags);
        LoyaltyTelemetry.CommandDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        activity?.SetTag("loyalty.outcome", outcome);
        if (result is null)
        {
            activity?.SetStatus(ActivityStatusCode.Error);
            return;
        }

        if (result.Outcome != LedgerOutcome.Committed)
        {
            return;
        }

        long earned = 0, redeemed = 0, expired = 0;
        foreach (var entry in result.Entries)
        {
            switch (entry.Kind)
            {
                case LedgerEntryKind.Earn when entry.Amount.IsPositive:
                    earned += entry.Amount.Value;
                    break;
                case LedgerEntryKind.Redeem:
                    redeemed -= entry.Amount.Value;
                    break;
                case LedgerEntryKind.Expire:
                    expired -= entry.Amount.Value;
                    break;
            }
        }

        if (earned > 0)
        {
            LoyaltyTelemetry.PointsEarned.Add(earned, _programTag);
        }

        if (redeemed > 0)
        {
            LoyaltyTelemetry.PointsRedeemed.Add(redeemed, _programTag);
        }

        if (expired > 0)
        {
            LoyaltyTelemetry.PointsExpired.Add(expired, _programTag);
        }
    }

    private async ValueTask<LedgerResult> RunCoreAsync(LedgerCommand command, bool commit, string name, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var plan = LoadPlan.For(Program, command, _clock.GetCurrentInstant());
            LedgerContext context;
            using (LoyaltyTelemetry.Source.StartActivity("loyalty.store.load"))
            {
                context = await _store.LoadAsync(plan.Request, cancellationToken).ConfigureAwait(false);
            }

            if (context.Idempotency is { } existing)
            {
                return await ReplayAsync(command, plan.Request, existing, cancellationToken).ConfigureAwait(false);
            }

            var decision = LedgerDecider.Decide(Program, context, command, plan.Now, withEvents: commit);
            if (decision.Rejection is { } rejection)
            {
                Log.Rejected(_logger, Program.Id.Value, name, command.MemberId.Value, rejection.Reason.ToString(), rejection.Message);
                return new LedgerResult(LedgerOutcome.Rejected, [], Balances.FromState(context.Account, decision.Now), context.Account.Version, rejection);
            }

            var changes = decision.Changes!;
            if (!commit)
            {
                return new LedgerResult(LedgerOutcome.Previewed, changes.Entries, changes.Idempotency.Balance, changes.NewState.Version, null, changes.Accrual);
            }

            CommitStatus status;
            using (LoyaltyTelemetry.Source.StartActivity("loyalty.store.commit"))
            {
                status = await _store.CommitAsync(changes, cancellationToken).ConfigureAwait(false);
            }

            if (status == CommitStatus.Committed)
            {
                return new LedgerResult(LedgerOutcome.Committed, changes.Entries, changes.Idempotency.Balance, changes.NewState.Version, null, changes.Accrual);
            }

            if (status is CommitStatus.VersionConflict or CommitStatus.StockConflict)
            {
                LoyaltyTelemetry.Conflicts.Add(1, _programTag);
                if (attempt >= _maxAttempts)
                {
                    LoyaltyTelemetry.Exhausted.Add(1, _programTag);
                    Log.GaveUp(_logger, Program.Id.Value, name, command.MemberId.Value, attempt);
                    return new LedgerResult(
                        LedgerOutcome.Rejected,
                        [],
                        Balances.FromState(context.Account, decision.Now),
                        context.Account.Version,
                        new Rejection(RejectionReason.ConcurrencyConflict, $"The account of member '{command.MemberId}' kept changing; gave up after {attempt} attempts."));
                }

                Log.Retrying(_logger, Program.Id.Value, command.MemberId.Value, name, attempt + 1);
                await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
            }

            // A duplicate key means another caller committed the same key meanwhile: the next pass replays it.
        }
    }

    private async ValueTask<LedgerResult> ReplayAsync(LedgerCommand command, LedgerLoadRequest request, IdempotencyRecord record, CancellationToken cancellationToken)
    {
        if (record.Fingerprint != command.PayloadFingerprint)
        {
            var mine = await _store.LoadAsync(new LedgerLoadRequest(Program.Id, command.MemberId), cancellationToken).ConfigureAwait(false);
            return Conflict(command, mine.Account);
        }

        var entries = record.LastSequence >= record.FirstSequence
            ? await _store.ReadEntriesBySequenceAsync(Program.Id, record.MemberId, record.FirstSequence, record.LastSequence, cancellationToken).ConfigureAwait(false)
            : [];
        var accrual = request.OrderId is { } orderId
            ? (await _store.LoadAsync(new LedgerLoadRequest(Program.Id, command.MemberId, orderId), cancellationToken).ConfigureAwait(false)).Accrual
            : null;
        return new LedgerResult(LedgerOutcome.Replayed, entries, record.Balance, record.Version, null, accrual);
    }

    /// <summary>A key reused for another payload: rejected, with the command's own member's current balance and version.</summary>
    private LedgerResult Conflict(LedgerCommand command, AccountState account) => new(
        LedgerOutcome.Rejected,
        [],
        Balances.FromState(account, MaxInstant(_clock.GetCurrentInstant(), account.LastRecordedAt)),
        account.Version,
        new Rejection(RejectionReason.IdempotencyConflict, $"Key '{command.Key}' was already used for a different command."));

    private static Instant MaxInstant(Instant a, Instant? b) => b is { } other && other > a ? other : a;

    private static Task BackOffAsync(int attempt, CancellationToken cancellationToken)
    {
        // Full jitter, growing to at most 32 ms: spreads retries of writers that collided on one hot account.
        var ceiling = 1 << Math.Min(attempt, 5);
        var delay = Random.Shared.Next(0, ceiling + 1);
        return delay == 0 ? Task.CompletedTask : Task.Delay(delay, cancellationToken);
    }
}
