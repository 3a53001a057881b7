using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Diagnostics;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Expiry;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage;
using NodaTime;

namespace Loyalty.Sdk;

/// <summary>Jobs: the scheduled runs over many accounts — expiry and tier reviews, expiry reminders, celebrations and win-back.</summary>
/// <remarks>Reached through <see cref="LoyaltyEngine.Jobs"/>. This type is thread-safe.</remarks>
public sealed class LoyaltyEngineJobs
{
    private readonly LoyaltyEngine _engine;

    internal LoyaltyEngineJobs(LoyaltyEngine engine) => _engine = engine;

    private LoyaltyProgram Program => _engine.Program;

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
        var now = _engine.Clock.GetCurrentInstant();
        var lease = Duration.FromMinutes(5);
        var scanned = 0;
        var written = 0;
        var tierChanges = 0;
        var expired = Points.Zero;
        while (true)
        {
            var batch = await _engine.Store.ClaimAccountsDueAsync(Program.Id, now, _engine.Clock.GetCurrentInstant(), batchSize, lease, cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                Log.ExpiryRun(_engine.Logger, Program.Id.Value, scanned, written, expired.Value, tierChanges);
                return new ExpiryRunResult(scanned, written, expired, tierChanges);
            }

            foreach (var account in batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                scanned++;
                var key = IdempotencyKey.From($"expire:{now.ToUnixTimeTicks()}:{account.MemberId.Value}");
                var result = await _engine.ExecuteAsync(new ExpireCommand(account.MemberId, key), cancellationToken).ConfigureAwait(false);
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

        var now = _engine.Clock.GetCurrentInstant();
        var written = 0;
        await foreach (var expiring in _engine.Reports.ScanExpiringAsync(now, now + window, pageSize, cancellationToken).ConfigureAwait(false))
        {
            var first = expiring.Lots[0].ExpiresAt;
            var key = IdempotencyKey.From($"expiring-soon:{first.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture)}:{expiring.MemberId.Value}");
            var result = await _engine.ExecuteAsync(new RemindExpiringCommand(expiring.MemberId, key, window), cancellationToken).ConfigureAwait(false);
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
        await foreach (var account in _engine.History.AllAccountsAsync(pageSize, cancellationToken).ConfigureAwait(false))
        {
            foreach (var rule in rules)
            {
                var (occasion, _) = Occasions.Due(rule, account.Profile, account.Tier, Program.TimeZone, _engine.Clock.GetCurrentInstant());
                if (occasion is not { } day || CounterSet.Value(account.Counters, rule.Counter, new LocalDate(day.Year, 1, 1)) > 0)
                {
                    continue;
                }

                var key = IdempotencyKey.From($"celebration:{rule.Kind}:{day.Year.ToString(CultureInfo.InvariantCulture)}:{account.MemberId.Value}");
                var result = await _engine.ExecuteAsync(new GrantCelebrationCommand(account.MemberId, key, rule.Kind), cancellationToken).ConfigureAwait(false);
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

        var now = _engine.Clock.GetCurrentInstant();
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

            var account = (await _engine.Store.LoadAsync(new LedgerLoadRequest(Program.Id, signal.MemberId), cancellationToken).ConfigureAwait(false)).Account;
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
            var result = await _engine.ExecuteAsync(new WinBackCommand(signal.MemberId, key, rule, [.. reasons]), cancellationToken).ConfigureAwait(false);
            applied += result.Outcome == LedgerOutcome.Committed ? 1 : 0;
        }

        return new WinBackRunResult(rule.Id, dryRun, evaluated, targets, applied);
    }
}
