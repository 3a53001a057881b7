using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage;
using Loyalty.Sdk.Storage.Testing;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Loyalty.Sdk.Tests.Ledger;

/// <summary><see cref="LoyaltyEngine.ImportStreamAsync"/>: a stream imported batch by batch, holding one batch at a time.</summary>
public sealed class ImportStreamTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 9, 0);
    private static readonly LoyaltyProgram Program = new LoyaltyProgramBuilder { Id = "shop", BaseCurrency = "EUR", PendingDays = 0 }.Build();

    [Fact]
    public async Task Stream_GivesTheResultsOfImportingTheSameCommandsAsOneList()
    {
        var commands = Enumerable.Range(0, 25).Select(Command).ToList();
        var listed = new LoyaltyEngine(Program, new InMemoryLedgerStore(), new FakeClock(Start));
        var streamed = new LoyaltyEngine(Program, new InMemoryLedgerStore(), new FakeClock(Start));

        var expected = await listed.ImportAsync(commands);
        var actual = await streamed.ImportStreamAsync(Source(commands, new Counter()), batchSize: 7).ToListAsync();

        Assert.Equal(expected.Select(r => (r.Outcome, r.Balance, r.Version)), actual.Select(r => (r.Outcome, r.Balance, r.Version)));
        Assert.Contains(actual, r => r.Outcome == LedgerOutcome.Replayed);
        for (var m = 0; m < 3; m++)
        {
            Assert.Equal(await listed.GetBalanceAsync(MemberId.From($"m{m}")), await streamed.GetBalanceAsync(MemberId.From($"m{m}")));
        }
    }

    [Fact]
    public async Task Stream_IsReadOneBatchAhead_AndEachBatchCommitsBeforeItsResultsAppear()
    {
        var pulled = new Counter();
        var store = new CountingStore(new InMemoryLedgerStore());
        var engine = new LoyaltyEngine(Program, store, new FakeClock(Start));
        var seen = 0;
        await foreach (var _ in engine.ImportStreamAsync(Source(Enumerable.Range(0, 1_000).Select(Command), pulled), batchSize: 100))
        {
            // The n-th result comes after its batch committed and before the stream was read past that batch.
            Assert.Equal((seen / 100) + 1, store.Batches);
            Assert.True(pulled.Value <= ((seen / 100) + 1) * 100, $"read {pulled.Value} commands before result {seen}");
            seen++;
        }

        Assert.Equal(1_000, seen);
    }

    [Fact]
    public async Task Stream_FailingBatch_LeavesTheEarlierBatchesCommittedAndNothingOfItself()
    {
        var store = new CountingStore(new InMemoryLedgerStore()) { FailAtBatch = 2 };
        var engine = new LoyaltyEngine(Program, store, new FakeClock(Start));
        var results = new List<LedgerResult>();

        await Assert.ThrowsAsync<LedgerStoreException>(async () =>
        {
            await foreach (var result in engine.ImportStreamAsync(Source(Enumerable.Range(0, 30).Select(Command), new Counter()), batchSize: 10))
            {
                results.Add(result);
            }
        });

        Assert.Equal(10, results.Count);
        var entries = 0;
        for (var m = 0; m < 3; m++)
        {
            entries += (await store.ReadEntriesUpToAsync(Program.Id, MemberId.From($"m{m}"), Instant.MaxValue)).Count;
        }

        // The first batch's nine earns (its tenth command is a retry), and not one of the second batch's.
        Assert.Equal(results.Count(r => r.Outcome == LedgerOutcome.Committed), entries);
        Assert.Equal(9, entries);
        Assert.Null(await store.FindIdempotencyRecordAsync(Program.Id, MemberId.From("m1"), IdempotencyKey.From("k10")));
    }

    [Fact]
    public void Stream_BadArguments_AreRejectedAtTheCall()
    {
        var engine = new LoyaltyEngine(Program, new InMemoryLedgerStore(), new FakeClock(Start));
        Assert.Throws<ArgumentNullException>(() => engine.ImportStreamAsync(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.ImportStreamAsync(Source([], new Counter()), batchSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.ImportStreamAsync(Source([], new Counter()), batchSize: 100_001));
    }

    /// <summary>Earns for three members; every seventh command repeats the one before it (a retry: replayed).</summary>
    private static LedgerCommand Command(int i)
    {
        var n = i % 7 == 6 ? i - 1 : i;
        return new EarnCommand(MemberId.From($"m{n % 3}"), IdempotencyKey.From($"k{n}"), $"o{n}", Start, [new PurchaseLine("1", "sku", "books", 1, Money.Of(10m + n, "EUR"))]);
    }

    private static async IAsyncEnumerable<LedgerCommand> Source(IEnumerable<LedgerCommand> commands, Counter pulled, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var command in commands)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            pulled.Value++;
            yield return command;
        }
    }

    private sealed class Counter
    {
        public int Value { get; set; }
    }

    private sealed class CountingStore(ILedgerStore inner) : DelegatingLedgerStore(inner)
    {
        public int Batches { get; private set; }

        public int FailAtBatch { get; init; } = int.MaxValue;

        public override ValueTask<CommitStatus> CommitBatchAsync(IReadOnlyList<LedgerChangeSet> changes, CancellationToken cancellationToken = default)
        {
            if (Batches + 1 == FailAtBatch)
            {
                throw new LedgerStoreException(LedgerStoreFailure.Unavailable, false, "The store is down; nothing was written.");
            }

            Batches++;
            return base.CommitBatchAsync(changes, cancellationToken);
        }
    }
}
