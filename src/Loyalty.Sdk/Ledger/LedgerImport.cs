using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger.Decisions;
using Loyalty.Sdk.Storage;

namespace Loyalty.Sdk.Ledger;

/// <summary>
/// One bulk import (<see cref="LoyaltyEngine.ImportAsync(IReadOnlyList{LedgerCommand}, CancellationToken)"/>): every
/// command's data is read in one set-based load, the commands are decided in order against the store's data overlaid
/// with what the batch decided before them, and the change sets are committed in one transaction.
/// </summary>
internal static class LedgerImport
{
    /// <summary>Reads the stream one batch at a time, importing each batch before the next is read.</summary>
    public static async IAsyncEnumerable<LedgerResult> StreamAsync(
        LoyaltyEngine engine, IAsyncEnumerable<LedgerCommand> commands, int batchSize, int maxAttempts, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batch = new List<LedgerCommand>(batchSize);
        await foreach (var command in commands.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            batch.Add(command ?? throw new ArgumentNullException(nameof(commands), "The stream holds a null command."));
            if (batch.Count == batchSize)
            {
                foreach (var result in await RunAsync(engine, batch, maxAttempts, cancellationToken).ConfigureAwait(false))
                {
                    yield return result;
                }

                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            foreach (var result in await RunAsync(engine, batch, maxAttempts, cancellationToken).ConfigureAwait(false))
            {
                yield return result;
            }
        }
    }

    public static async ValueTask<IReadOnlyList<LedgerResult>> RunAsync(LoyaltyEngine engine, IReadOnlyList<LedgerCommand> commands, int maxAttempts, CancellationToken cancellationToken)
    {
        var program = engine.Program;
        for (var attempt = 1; ; attempt++)
        {
            var plans = new LoadPlan[commands.Count];
            var requests = new LedgerLoadRequest[commands.Count];
            for (var i = 0; i < commands.Count; i++)
            {
                plans[i] = LoadPlan.For(program, commands[i], engine.Clock.GetCurrentInstant());
                requests[i] = plans[i].Request;
            }

            var loaded = commands.Count == 0 ? [] : await engine.Store.LoadManyAsync(requests, cancellationToken).ConfigureAwait(false);
            if (loaded.Count != commands.Count)
            {
                throw new LedgerStoreException(LedgerStoreFailure.Storage, false, $"The store's LoadManyAsync returned {loaded.Count} contexts for {commands.Count} requests.");
            }

            var overlay = new ImportOverlay();
            var results = new LedgerResult[commands.Count];
            var changes = new List<LedgerChangeSet>(commands.Count);
            for (var i = 0; i < commands.Count; i++)
            {
                var command = commands[i];
                var request = requests[i];
                var stored = plans[i].Accept(loaded[i]);
                if (overlay.TryGetResult(command.MemberId, command.Key, out var earlier))
                {
                    // The key was first used earlier in this batch, so the store has no record of it.
                    results[i] = earlier.Fingerprint == command.PayloadFingerprint
                        ? new LedgerResult(LedgerOutcome.Replayed, earlier.Result.Entries, earlier.Result.Balance, earlier.Result.Version, null, earlier.Result.Accrual)
                        : engine.Conflict(command, overlay.Overlay(stored, request).Account);
                    continue;
                }

                if (stored.Idempotency is { } existing)
                {
                    // A key stored by an earlier batch. A conflict reports the member as this batch has left them so
                    // far, as executing one by one would (found by the import law: it reported the stored state).
                    results[i] = existing.Fingerprint == command.PayloadFingerprint
                        ? await engine.ReplayAsync(command, request, existing, cancellationToken).ConfigureAwait(false)
                        : engine.Conflict(command, overlay.Overlay(stored, request).Account);
                    continue;
                }

                var context = overlay.Overlay(stored, request);
                var decision = LedgerDecider.Decide(program, context, command, plans[i].Now);
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

            var status = await engine.Store.CommitBatchAsync(changes, cancellationToken).ConfigureAwait(false);
            if (status == CommitStatus.Committed)
            {
                return results;
            }

            if (attempt >= maxAttempts)
            {
                // Keeps colliding with other writers: fall back to one transaction per command.
                var oneByOne = new LedgerResult[commands.Count];
                for (var i = 0; i < commands.Count; i++)
                {
                    oneByOne[i] = await engine.ExecuteAsync(commands[i], cancellationToken).ConfigureAwait(false);
                }

                return oneByOne;
            }

            await LoyaltyEngine.BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
        }
    }
}
