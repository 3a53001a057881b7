using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Diagnostics;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Ledger.Decisions;
using Loyalty.Sdk.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;

namespace Loyalty.Sdk;

/// <summary>
/// Runs ledger commands for one program against a store: checks the idempotency key, decides the command with the
/// pure core, and commits atomically, retrying a bounded number of times when a concurrent command changed the account.
/// Answers a member's balance and account as of any instant; everything else is reached through its facets:
/// <see cref="Reports"/>, <see cref="Tiers"/>, <see cref="Rewards"/>, <see cref="Jobs"/> and <see cref="Events"/>.
/// </summary>
/// <remarks>This type is thread-safe: one engine serves any number of concurrent callers.</remarks>
public sealed class LoyaltyEngine
{
    private readonly ILedgerStore _store;
    private readonly IClock _clock;
    private readonly int _maxAttempts;
    private readonly ILogger _logger;
    private readonly KeyValuePair<string, object?> _programTag;
    private readonly AccountHistory _history;

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
        _history = new AccountHistory(Program, _store, _clock);
        Reports = new LoyaltyEngineReports(this);
        Tiers = new LoyaltyEngineTiers(this);
        Rewards = new LoyaltyEngineRewards(this);
        Jobs = new LoyaltyEngineJobs(this);
        Events = new LoyaltyEngineEvents(this);
    }

    /// <summary>Gets the program.</summary>
    public LoyaltyProgram Program { get; }

    /// <summary>Gets the reports: statements, accruals, "expiring soon", liability, breakage, digests and leaderboards.</summary>
    public LoyaltyEngineReports Reports { get; }

    /// <summary>Gets the tier queries: a member's tier, its history and perks.</summary>
    public LoyaltyEngineTiers Tiers { get; }

    /// <summary>Gets the rewards: claims, vouchers, stock and task progress.</summary>
    public LoyaltyEngineRewards Rewards { get; }

    /// <summary>Gets the jobs: expiry and tier reviews, expiry reminders, celebrations and win-back.</summary>
    public LoyaltyEngineJobs Jobs { get; }

    /// <summary>Gets the outbox: read and deliver the domain events.</summary>
    public LoyaltyEngineEvents Events { get; }

    /// <summary>Gets the store, for the facets.</summary>
    internal ILedgerStore Store => _store;

    /// <summary>Gets the clock, for the facets.</summary>
    internal IClock Clock => _clock;

    /// <summary>Gets the as-of readers the engine and its facets share.</summary>
    internal AccountHistory History => _history;

    /// <summary>Gets the logger of the program's commands and jobs.</summary>
    internal ILogger Logger => _logger;

    /// <summary>Gets the program's telemetry tag.</summary>
    internal KeyValuePair<string, object?> ProgramTag => _programTag;

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

        return await LedgerImport.RunAsync(this, commands, _maxAttempts, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Imports a stream of commands (a migration of millions of rows, a feed read as it arrives) in batches of
    /// <paramref name="batchSize"/>: each batch is decided in order and committed in one transaction, all or none,
    /// exactly as <see cref="ImportAsync(IReadOnlyList{LedgerCommand}, CancellationToken)"/>, and its results are yielded
    /// once it has committed. At most one batch of commands and its results is held at a time, so memory does not grow
    /// with the stream. If a batch fails, the batches before it stay committed (their results were yielded) and nothing
    /// of it is: running the same stream again replays what committed and goes on from there.
    /// </summary>
    /// <param name="commands">The commands, in the order they happened.</param>
    /// <param name="batchSize">Commands per transaction, 1 to 100,000.</param>
    /// <param name="cancellationToken">A token to stop between batches (a batch being committed finishes or rolls back).</param>
    /// <returns>One result per command, in order, each after its batch committed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="commands"/> or one of them is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is out of range.</exception>
    public IAsyncEnumerable<LedgerResult> ImportStreamAsync(IAsyncEnumerable<LedgerCommand> commands, int batchSize = 1_000, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, 100_000);
        return LedgerImport.StreamAsync(this, commands, batchSize, _maxAttempts, cancellationToken);
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
        return await _history.BalanceAsOfAsync(context.Account, at, cancellationToken).ConfigureAwait(false);
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

    internal async ValueTask<LedgerResult> RunAsync(LedgerCommand command, bool commit, CancellationToken cancellationToken)
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
        // The first load of a command to commit may be answered from the store's record of its own last commit
        // (one round trip less); a rejection, or any failed commit, is decided again on a verified load.
        var verified = !commit;
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var plan = LoadPlan.For(Program, command, _clock.GetCurrentInstant());
            LedgerContext context;
            using (LoyaltyTelemetry.Source.StartActivity("loyalty.store.load"))
            {
                var request = verified ? plan.Request : plan.Request with { AllowUnverified = true };
                context = plan.Accept(await _store.LoadAsync(request, cancellationToken).ConfigureAwait(false));
            }

            if (context.Idempotency is { } existing)
            {
                return await ReplayAsync(command, plan.Request, existing, cancellationToken).ConfigureAwait(false);
            }

            var decision = LedgerDecider.Decide(Program, context, command, plan.Now, withEvents: commit);
            if (decision.Rejection is not null && context.Unverified && !verified)
            {
                verified = true;
                attempt--;
                continue;
            }

            verified = true;
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

    internal async ValueTask<LedgerResult> ReplayAsync(LedgerCommand command, LedgerLoadRequest request, IdempotencyRecord record, CancellationToken cancellationToken)
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
    internal LedgerResult Conflict(LedgerCommand command, AccountState account) => new(
        LedgerOutcome.Rejected,
        [],
        Balances.FromState(account, MaxInstant(_clock.GetCurrentInstant(), account.LastRecordedAt)),
        account.Version,
        new Rejection(RejectionReason.IdempotencyConflict, $"Key '{command.Key}' was already used for a different command."));

    private static Instant MaxInstant(Instant a, Instant? b) => b is { } other && other > a ? other : a;

    internal static Task BackOffAsync(int attempt, CancellationToken cancellationToken)
    {
        // Full jitter, growing to at most 32 ms: spreads retries of writers that collided on one hot account.
        var ceiling = 1 << Math.Min(attempt, 5);
        var delay = Random.Shared.Next(0, ceiling + 1);
        return delay == 0 ? Task.CompletedTask : Task.Delay(delay, cancellationToken);
    }
}
