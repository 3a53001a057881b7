using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Expiry;
using Loyalty.Sdk.Ledger;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Loyalty.Sdk.Storage.Tests;

/// <summary>
/// The law of bulk import, for any store: importing commands in batches leaves exactly what executing them one by one
/// (on the in-memory store) leaves: the same results, entries, lots, balances, account versions and events, whatever
/// the batch boundaries, with retried keys (the same key and payload: a replay) and conflicting keys (the same key,
/// another payload) inside one batch and across batches. Linked into each durable store's tests.
/// </summary>
internal static class ImportLaw
{
    public static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 9, 0);

    public static readonly Gen<(int Kind, int Member, int Key, int Value)[]> Operations =
        Gen.ArrayOf(
            from kind in Gen.Choose(0, 5)
            from member in Gen.Choose(0, 3)
            from key in Gen.Choose(0, 24)
            from value in Gen.Choose(0, 9)
            select (kind, member, key, value)).Where(ops => ops.Length > 0);

    public static LoyaltyProgram Program(string id) =>
        new LoyaltyProgramBuilder { Id = id, BaseCurrency = "EUR", PendingDays = 0, Expiry = ExpiryPolicy.AfterDays(30) }.Build();

    /// <summary>Imports the operations into <paramref name="store"/> in batches and asserts the law against a reference.</summary>
    public static void Holds(ILedgerStore store, LoyaltyProgram program, (int Kind, int Member, int Key, int Value)[] operations, int batchSize)
    {
        var commands = operations.Select(Command).ToList();
        var reference = new InMemoryLedgerStore();
        var referenceEngine = new LoyaltyEngine(program, reference, new FakeClock(Start));
        var expected = commands.Select(c => referenceEngine.ExecuteAsync(c).AsTask().GetAwaiter().GetResult()).ToList();

        var engine = new LoyaltyEngine(program, store, new FakeClock(Start));
        var actual = new List<LedgerResult>();
        foreach (var batch in commands.Chunk(batchSize))
        {
            actual.AddRange(engine.ImportAsync(batch).AsTask().GetAwaiter().GetResult());
        }

        AssertSame(reference, referenceEngine, expected, store, engine, actual, program);
    }

    /// <summary>
    /// Asserts that the results, and what the stores hold afterwards (entries, lots, balances, versions of the four
    /// members, and events), are the same as the reference's.
    /// </summary>
    public static void AssertSame(
        ILedgerStore reference, LoyaltyEngine referenceEngine, IReadOnlyList<LedgerResult> expected,
        ILedgerStore store, LoyaltyEngine engine, IReadOnlyList<LedgerResult> actual, LoyaltyProgram program)
    {
        Assert.Equal(expected.Select(Summary), actual.Select(Summary));
        for (var m = 0; m < 4; m++)
        {
            var member = MemberId.From($"m{m}");
            Assert.Equal(Entries(reference, program.Id, member), Entries(store, program.Id, member));
            Assert.Equal(Lots(reference, program.Id, member), Lots(store, program.Id, member));
            Assert.Equal(referenceEngine.GetBalanceAsync(member).AsTask().GetAwaiter().GetResult(), engine.GetBalanceAsync(member).AsTask().GetAwaiter().GetResult());
            Assert.Equal(referenceEngine.GetAccountAsync(member).AsTask().GetAwaiter().GetResult().Version, engine.GetAccountAsync(member).AsTask().GetAwaiter().GetResult().Version);
        }

        Assert.Equal(Events(referenceEngine), Events(engine));
    }

    /// <summary>
    /// A command from a generated operation. Keys come from a small pool per member, so a key recurs: with the same
    /// operation it is a retry, with another it is a conflict. Orders and redemptions are named by the key (or, for
    /// half of the earns, by the value, so an order is earned again under another key), so a reversal or refund can
    /// find one made earlier (or find none).
    /// </summary>
    public static LedgerCommand Command((int Kind, int Member, int Key, int Value) op)
    {
        var member = MemberId.From($"m{op.Member}");
        var key = IdempotencyKey.From($"k{op.Key}");
        return op.Kind switch
        {
            0 or 1 => new EarnCommand(member, key, op.Kind == 0 ? $"o{op.Key}" : $"o{op.Value}", Start, [
                new PurchaseLine("1", "sku", "books", 1 + op.Value, Money.Of(10m + op.Value, "EUR")),
                new PurchaseLine("2", "sku2", "music", 2, Money.Of(4.25m, "EUR")),
            ]),
            2 => new RedeemCommand(member, key, Points.FromInt64(5 + (op.Value * 7))),
            3 => new ReverseEarnCommand(member, key, $"o{op.Value}", [new ReturnedLine("2", 1)]),
            4 => new RefundRedemptionCommand(member, key, IdempotencyKey.From($"k{op.Value}"), Points.FromInt64(3)),
            _ => new EarnActivityCommand(member, key, "review", Points.FromInt64(1 + op.Value)),
        };
    }

    private static object Summary(LedgerResult r) => (r.Outcome, r.Rejection?.Reason, r.Balance, r.Version, string.Join(";", r.Entries.Select(e => $"{e.Sequence}:{e.Kind}:{e.Amount}")));

    private static List<string> Entries(ILedgerStore store, ProgramId program, MemberId member) =>
        store.ReadEntriesUpToAsync(program, member, Instant.MaxValue).AsTask().GetAwaiter().GetResult()
            .Select(e => $"{e.Sequence}|{e.Kind}|{e.Amount}|{e.At}|{e.CommandKey}|{e.OrderId}|{e.RedemptionKey}|{e.DebtChange}|{e.WrittenOff}|{string.Join(",", e.Movements)}").ToList();

    private static List<Lot> Lots(ILedgerStore store, ProgramId program, MemberId member) =>
        store.ReadLotsAsync(program, member).AsTask().GetAwaiter().GetResult().ToList();

    private static List<string> Events(LoyaltyEngine engine) =>
        engine.Events.ReadEventsAsync(EventCursor.Start, 10_000).AsTask().GetAwaiter().GetResult().Select(e => e.Event.ToJson()).ToList();
}
