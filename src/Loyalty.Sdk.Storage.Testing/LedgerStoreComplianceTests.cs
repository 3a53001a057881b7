using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Expiry;
using Loyalty.Sdk.Ledger;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Loyalty.Sdk.Storage.Testing;

/// <summary>
/// The behaviour every <see cref="ILedgerStore"/> must have. Written once; each adapter enrolls with an empty sealed
/// subclass naming its fixture, and in-memory, SQLite and PostgreSQL must pass the same tests.
/// </summary>
public abstract partial class LedgerStoreComplianceTests<TFixture> : IAsyncLifetime
    where TFixture : ILedgerStoreFixture, new()
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 9, 0);
    private readonly TFixture _fixture = new();
    private ILedgerStore? _store;

    protected ILedgerStore Store => _store ?? throw new InvalidOperationException("The store is not created yet.");

    public async Task InitializeAsync() => _store = await _fixture.CreateAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [SkippableFact]
    public async Task Commit_NewAccount_ReadsBackStateEntriesLotsAndRecords()
    {
        var (engine, clock) = Engine("shop");
        var member = MemberId.From("m-1");
        var earn = await engine.ExecuteAsync(Order(member, "o-1", 2, 50m));
        clock.Advance(Duration.FromHours(1));
        var redeem = await engine.ExecuteAsync(new RedeemCommand(member, Key("r-1"), Points.FromInt64(30), "o-2"));
        Assert.Equal(LedgerOutcome.Committed, earn.Outcome);
        Assert.Equal(LedgerOutcome.Committed, redeem.Outcome);

        var context = await Store.LoadAsync(new LedgerLoadRequest(engine.Program.Id, member, "o-1", Key("r-1")));
        Assert.Equal(2, context.Account.Version);
        Assert.Equal(2, context.Account.LastSequence);
        Assert.Equal(Points.FromInt64(70), Assert.Single(context.Account.OpenLots).Remaining);
        Assert.Equal(Points.FromInt64(100), context.Accrual!.TotalPoints);
        Assert.Equal("o-1", context.Accrual.OrderId);
        Assert.Equal(Points.FromInt64(30), context.Redemption!.Points);
        Assert.Equal(1, Assert.Single(context.RedemptionLots).Id);

        var entries = await Store.ReadEntriesBySequenceAsync(engine.Program.Id, member, 1, 2);
        Assert.Equal(new[] { LedgerEntryKind.Earn, LedgerEntryKind.Redeem }, entries.Select(e => e.Kind));
        Assert.Equal(new[] { 100L, -30L }, entries.Select(e => e.Amount.Value));
        Assert.Equal(earn.Entries[0], entries[0] with { Movements = earn.Entries[0].Movements }, EntryComparer.Instance);
        var lots = await Store.ReadLotsAsync(engine.Program.Id, member);
        Assert.Equal(Points.FromInt64(70), Assert.Single(lots).Remaining);

        var record = await Store.FindIdempotencyRecordAsync(engine.Program.Id, member, Key("r-1"));
        Assert.NotNull(record);
        Assert.Equal(2, record!.FirstSequence);
        Assert.Equal(2, record.LastSequence);
        Assert.Equal(Points.FromInt64(70), record.Balance.Total);
    }

    [SkippableFact]
    public async Task Commit_StaleVersion_ReturnsVersionConflictAndWritesNothing()
    {
        var recording = new RecordingLedgerStore(Store);
        var (engine, _) = Engine("shop", recording);
        var member = MemberId.From("m-1");
        await engine.ExecuteAsync(Order(member, "o-1", 1, 10m));
        var first = recording.Commits[0];

        // The same decision again, under a fresh key: the account is at version 1 now, the change set expects 0.
        var stale = first with { Idempotency = first.Idempotency with { Key = Key("other") } };
        Assert.Equal(CommitStatus.VersionConflict, await Store.CommitAsync(stale));

        Assert.Null(await Store.FindIdempotencyRecordAsync(engine.Program.Id, member, Key("other")));
        Assert.Single(await Store.ReadEntriesUpToAsync(engine.Program.Id, member, Instant.MaxValue));
        Assert.Equal(1, (await Store.LoadAsync(new LedgerLoadRequest(engine.Program.Id, member))).Account.Version);
    }

    [SkippableFact]
    public async Task Commit_DuplicateKey_ReturnsDuplicateKeyAndWritesNothing()
    {
        var recording = new RecordingLedgerStore(Store);
        var (engine, _) = Engine("shop", recording);
        var member = MemberId.From("m-1");
        await engine.ExecuteAsync(Order(member, "o-1", 1, 10m));
        var committed = recording.Commits[0];

        // The same member's next command reusing the key: the version matches (1), the key does not.
        var reuse = committed with
        {
            ExpectedVersion = 1,
            NewState = committed.NewState with { Version = 2 },
            Entries = [],
            Lots = [],
            Accrual = null,
            Events = [],
        };
        Assert.Equal(CommitStatus.DuplicateKey, await Store.CommitAsync(reuse));
        Assert.Equal(1, (await Store.LoadAsync(new LedgerLoadRequest(engine.Program.Id, member))).Account.Version);
        var record = await Store.FindIdempotencyRecordAsync(engine.Program.Id, member, committed.Idempotency.Key);
        Assert.Equal(member, record!.MemberId);
        Assert.Equal(1, record.Version);
    }

    [SkippableFact]
    public async Task Commit_AnotherMembersKey_IsADifferentCommand()
    {
        var (engine, _) = Engine("shop");
        var victim = MemberId.From("victim");
        var attacker = MemberId.From("attacker");

        // The attacker uses the victim's predictable key first; it neither blocks the victim's order nor replays it.
        var first = await engine.ExecuteAsync(new EarnCommand(attacker, Key("order:9001:earn"), "9001", Start, [new PurchaseLine("1", "sku", "books", 1, Money.Of(1m, "EUR"))]));
        Assert.Equal(LedgerOutcome.Committed, first.Outcome);
        var victimsOrder = new EarnCommand(victim, Key("order:9001:earn"), "9001", Start, [new PurchaseLine("1", "sku", "books", 3, Money.Of(100m, "EUR"))]);
        var real = await engine.ExecuteAsync(victimsOrder);
        Assert.Equal(LedgerOutcome.Committed, real.Outcome);
        Assert.Equal(Points.FromInt64(300), (await engine.GetBalanceAsync(victim)).Total);
        Assert.Equal(Points.FromInt64(1), (await engine.GetBalanceAsync(attacker)).Total);

        var ofVictim = await Store.FindIdempotencyRecordAsync(engine.Program.Id, victim, Key("order:9001:earn"));
        var ofAttacker = await Store.FindIdempotencyRecordAsync(engine.Program.Id, attacker, Key("order:9001:earn"));
        Assert.Equal(victim, ofVictim!.MemberId);
        Assert.Equal(attacker, ofAttacker!.MemberId);
        Assert.Null(await Store.FindIdempotencyRecordAsync(engine.Program.Id, MemberId.From("nobody"), Key("order:9001:earn")));

        // Each replays only for its own member, and the events of both are in the outbox under distinct ids.
        Assert.Equal(LedgerOutcome.Replayed, (await engine.ExecuteAsync(victimsOrder)).Outcome);
        var events = await engine.Events.ReadEventsAsync(EventCursor.Start, 100);
        Assert.Equal(events.Count, events.Select(e => e.Event.EventId).Distinct().Count());
        Assert.Contains(events, e => e.Event.MemberId == "victim");
        Assert.Contains(events, e => e.Event.MemberId == "attacker");
    }

    [SkippableFact]
    public async Task Programs_SameMemberAndKeys_NeverSeeEachOthersData()
    {
        var (a, clock) = Engine("program-a");
        var b = new LoyaltyEngine(Program("program-b"), Store, clock);
        var member = MemberId.From("shared-member");

        Assert.Equal(LedgerOutcome.Committed, (await a.ExecuteAsync(Order(member, "o-1", 1, 100m))).Outcome);
        var inB = await b.ExecuteAsync(Order(member, "o-1", 3, 100m));
        Assert.Equal(LedgerOutcome.Committed, inB.Outcome);

        Assert.Equal(Points.FromInt64(100), (await a.GetBalanceAsync(member)).Total);
        Assert.Equal(Points.FromInt64(300), (await b.GetBalanceAsync(member)).Total);
        Assert.Equal(Points.FromInt64(100), (await a.Reports.GetAccrualAsync(member, "o-1"))!.TotalPoints);
        Assert.Equal(Points.FromInt64(300), (await b.Reports.GetAccrualAsync(member, "o-1"))!.TotalPoints);
        var recordA = await Store.FindIdempotencyRecordAsync(ProgramId.From("program-a"), member, Key("earn:o-1"));
        var recordB = await Store.FindIdempotencyRecordAsync(ProgramId.From("program-b"), member, Key("earn:o-1"));
        Assert.Equal(Points.FromInt64(100), recordA!.Balance.Total);
        Assert.Equal(Points.FromInt64(300), recordB!.Balance.Total);
        Assert.All(await Store.ReadLotsAsync(ProgramId.From("program-a"), member), l => Assert.Equal("program-a", l.ProgramId.Value));
        Assert.Empty(await Store.ReadEntriesUpToAsync(ProgramId.From("program-c"), member, Instant.MaxValue));
        Assert.Empty(await Store.ScanAccountsAsync(ProgramId.From("program-c"), null, 10, Instant.MaxValue));
    }

    [SkippableFact]
    public async Task ReadEntriesUpTo_FiltersByEffectiveInstant()
    {
        var (engine, clock) = Engine("shop");
        var member = MemberId.From("m-1");
        await engine.ExecuteAsync(Order(member, "o-1", 1, 10m));
        var afterFirst = clock.GetCurrentInstant();
        clock.Advance(Duration.FromDays(1));
        await engine.ExecuteAsync(Order(member, "o-2", 1, 20m));

        Assert.Single(await Store.ReadEntriesUpToAsync(engine.Program.Id, member, afterFirst));
        Assert.Empty(await Store.ReadEntriesUpToAsync(engine.Program.Id, member, afterFirst - Duration.Epsilon));
        Assert.Equal(2, (await Store.ReadEntriesUpToAsync(engine.Program.Id, member, clock.GetCurrentInstant())).Count);
        Assert.Equal(Points.FromInt64(10), (await engine.GetBalanceAsync(member, afterFirst)).Total);
    }

    [SkippableFact]
    public async Task ScanAccountsDue_PagesInOrdinalMemberOrderAndFiltersByNextExpiry()
    {
        var (engine, clock) = Engine("shop", expiry: ExpiryPolicy.AfterDays(10));
        // Code-point order: "\uFFFD" (U+FFFD) sorts before "😀" (U+1F600), unlike UTF-16 ordinal order.
        var members = new[] { "b", "a", "C", "é", "d", "a1", "😀", "\uFFFD", "z" };
        foreach (var m in members)
        {
            await engine.ExecuteAsync(Order(MemberId.From(m), "o-" + m, 1, 10m));
        }

        var soon = clock.GetCurrentInstant() + Duration.FromDays(30);
        var seen = new List<string>();
        MemberId? after = null;
        while (true)
        {
            var page = await Store.ScanAccountsAsync(engine.Program.Id, after, 4, soon);
            seen.AddRange(page.Select(p => p.MemberId.Value));
            if (page.Count < 4)
            {
                break;
            }

            after = page[^1].MemberId;
        }

        Assert.Equal(new[] { "C", "a", "a1", "b", "d", "z", "é", "\uFFFD", "😀" }, seen);
        Assert.Equal(seen, members.Select(MemberId.From).Order().Select(m => m.Value));
        Assert.Empty(await Store.ScanAccountsAsync(engine.Program.Id, null, 10, clock.GetCurrentInstant()));

        // The plain scan pages through every account, due or not, in the same order.
        var all = new List<string>();
        MemberId? cursor = null;
        while (true)
        {
            var page = await Store.ScanAccountsAsync(engine.Program.Id, cursor, 2);
            all.AddRange(page.Select(p => p.MemberId.Value));
            Assert.All(page, p => Assert.Single(p.OpenLots));
            if (page.Count < 2)
            {
                break;
            }

            cursor = page[^1].MemberId;
        }

        Assert.Equal(seen, all);
        Assert.Empty(await Store.ScanAccountsAsync(ProgramId.From("nobody"), null, 10));
    }

    [SkippableTheory]
    [InlineData("o'brien\"; DROP TABLE entries; --")]
    [InlineData("emoji 😀 𝄞 and 中文 and ünïcödé")]
    [InlineData("  leading and trailing  ")]
    public async Task Text_WithQuotesSqlAndNonBmpUnicode_RoundTripsVerbatim(string text)
    {
        var (engine, _) = Engine(text);
        var member = MemberId.From(text);
        var key = IdempotencyKey.From(text);
        var line = new PurchaseLine(text, text, text, 1, Money.Of(12m, "EUR"));
        Assert.Equal(LedgerOutcome.Committed, (await engine.ExecuteAsync(new EarnCommand(member, key, text, Start, [line]))).Outcome);
        Assert.Equal(LedgerOutcome.Committed, (await engine.ExecuteAsync(new AdjustCommand(member, IdempotencyKey.From(text + "!"), Points.FromInt64(-2), text))).Outcome);

        var accrual = await engine.Reports.GetAccrualAsync(member, text);
        Assert.Equal(text, accrual!.OrderId);
        Assert.Equal(text, accrual.Lines[0].Sku);
        Assert.Equal(text, accrual.Lines[0].Category);
        var entries = await Store.ReadEntriesBySequenceAsync(ProgramId.From(text), member, 1, 10);
        Assert.Equal(text, entries[0].OrderId);
        Assert.Equal(text, entries[0].CommandKey.Value);
        Assert.Equal(text, entries[1].Reason);
        Assert.Equal(text, (await Store.FindIdempotencyRecordAsync(ProgramId.From(text), member, key))!.MemberId.Value);
        Assert.Equal(LedgerOutcome.Replayed, (await engine.ExecuteAsync(new EarnCommand(member, key, text, Start, [line]))).Outcome);
    }

    [SkippableFact]
    public async Task Engine_ParallelEarnsRedeemsReversalsAndReplays_NeverOverdrawLoseOrDuplicatePoints()
    {
        var program = Program("shop") .ToBuilder();
        program.ReversalPolicy = ReversalPolicy.Capped;
        var engine = new LoyaltyEngine(program.Build(), Store, new FakeClock(Start), new LoyaltyEngineOptions { MaxConcurrencyAttempts = 1_000 });
        var hot = Enumerable.Range(0, 3).Select(i => MemberId.From($"hot-{i}")).ToArray();
        foreach (var member in hot)
        {
            await engine.ExecuteAsync(new EarnActivityCommand(member, Key($"seed:{member}"), "signup", Points.FromInt64(200)));
        }

        var committed = new ConcurrentBag<LedgerResult>();
        var outcomes = new ConcurrentBag<LedgerResult>();
        const int writers = 16;
        const int commandsPerWriter = 60;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var issued = new List<LedgerCommand>();
            for (var i = 0; i < commandsPerWriter; i++)
            {
                var member = hot[random.Next(hot.Length)];
                LedgerCommand command = random.Next(5) switch
                {
                    0 or 1 => Order(member, $"o-{w}-{i}", random.Next(1, 4), random.Next(5, 60)),
                    2 when issued.OfType<EarnCommand>().LastOrDefault(e => e.MemberId == member) is { } order =>
                        ReverseEarnCommand.WholeOrder(member, Key($"ret-{order.OrderId}"), order.OrderId),
                    3 when issued.Count > 0 => issued[random.Next(issued.Count)],
                    _ => new RedeemCommand(member, Key($"red-{w}-{i}"), Points.FromInt64(random.Next(1, 120))),
                };
                issued.Add(command);
                var result = await engine.ExecuteAsync(command);
                outcomes.Add(result);
                if (result.Outcome == LedgerOutcome.Committed)
                {
                    committed.Add(result);
                }
            }
        })));

        Assert.DoesNotContain(outcomes, r => r.Rejection?.Reason is RejectionReason.ConcurrencyConflict or RejectionReason.IdempotencyConflict);
        Assert.Contains(outcomes, r => r.Outcome == LedgerOutcome.Replayed);
        Assert.Contains(outcomes, r => r.Rejection?.Reason == RejectionReason.InsufficientPoints);
        foreach (var member in hot)
        {
            var entries = await Store.ReadEntriesUpToAsync(engine.Program.Id, member, Instant.MaxValue);
            var fromResults = committed.SelectMany(r => r.Entries).Where(e => e.MemberId == member).OrderBy(e => e.Sequence).ToList();
            var seed = entries.First();

            // Every committed entry is stored once, in an unbroken sequence; nothing else is stored.
            Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.Sequence));
            Assert.Equal(entries.Skip(1).Select(e => (e.Sequence, e.Amount)), fromResults.Select(e => (e.Sequence, e.Amount)));

            var balance = await engine.GetBalanceAsync(member);
            Assert.Equal(entries.Sum(e => e.Amount.Value), balance.Total.Value);
            Assert.True(balance.Available.Value >= 0, $"overdrawn: {balance}");
            var lots = await Store.ReadLotsAsync(engine.Program.Id, member);
            Assert.All(lots, l => Assert.InRange(l.Remaining.Value, 0, l.Points.Value));
            Assert.Equal(balance.Total.Value, lots.Sum(l => l.Remaining.Value));
            Assert.Equal(1, seed.Sequence);
        }
    }

    [SkippableFact]
    public async Task Engine_SameKeyFromManyCallersAtOnce_CommitsOnce()
    {
        var (engine, _) = Engine("shop");
        var member = MemberId.From("m-1");
        await engine.ExecuteAsync(new EarnActivityCommand(member, Key("seed"), "signup", Points.FromInt64(1_000)));
        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
            await engine.ExecuteAsync(new RedeemCommand(member, Key("once"), Points.FromInt64(300))))));

        Assert.Single(results, r => r.Outcome == LedgerOutcome.Committed);
        Assert.All(results, r => Assert.True(r.IsSuccess));
        Assert.All(results, r => Assert.Equal(Points.FromInt64(700), r.Balance.Total));
        Assert.Equal(Points.FromInt64(700), (await engine.GetBalanceAsync(member)).Total);
        Assert.Equal(2, (await Store.ReadEntriesUpToAsync(engine.Program.Id, member, Instant.MaxValue)).Count);
    }

    [SkippableFact]
    public async Task ExpiryJob_MaterialisesDueExpiriesOnceAndIsSafeToRepeat()
    {
        var (engine, clock) = Engine("shop", expiry: ExpiryPolicy.AfterDays(30));
        for (var i = 0; i < 7; i++)
        {
            await engine.ExecuteAsync(Order(MemberId.From($"m-{i}"), $"o-{i}", 1, 10m + i));
        }

        clock.Advance(Duration.FromDays(45));
        var first = await engine.Jobs.RunExpiryAsync(batchSize: 3);
        var again = await engine.Jobs.RunExpiryAsync(batchSize: 3);

        Assert.Equal(7, first.EntriesWritten);
        Assert.Equal(Points.FromInt64(Enumerable.Range(0, 7).Sum(i => 10 + i)), first.PointsExpired);
        Assert.Equal(0, again.AccountsScanned);
        Assert.Equal(Points.Zero, (await engine.GetBalanceAsync(MemberId.From("m-3"))).Total);
    }

    [SkippableFact]
    public async Task Import_InBatches_LeavesExactlyTheLedgerThatOneByOneExecutionLeaves()
    {
        var (imported, _) = Engine("shop", expiry: ExpiryPolicy.AfterDays(20));
        var referenceStore = new InMemoryLedgerStore();
        var reference = new LoyaltyEngine(imported.Program, referenceStore, new FakeClock(Start));
        var commands = Enumerable.Range(0, 360).Select(ImportCommand).ToList();

        var results = new List<LedgerResult>();
        foreach (var batch in commands.Chunk(45))
        {
            results.AddRange(await imported.ImportAsync(batch));
        }

        var expected = new List<LedgerResult>();
        foreach (var command in commands)
        {
            expected.Add(await reference.ExecuteAsync(command));
        }

        Assert.Equal(expected.Select(r => (r.Outcome, r.Rejection?.Reason, r.Balance)), results.Select(r => (r.Outcome, r.Rejection?.Reason, r.Balance)));
        Assert.Contains(results, r => r.Outcome == LedgerOutcome.Replayed);
        Assert.Contains(results, r => r.Rejection?.Reason == RejectionReason.IdempotencyConflict);
        for (var m = 0; m < 6; m++)
        {
            var member = MemberId.From($"m{m}");
            var actual = await Store.ReadEntriesUpToAsync(imported.Program.Id, member, Instant.MaxValue);
            var wanted = await referenceStore.ReadEntriesUpToAsync(imported.Program.Id, member, Instant.MaxValue);
            Assert.Equal(
                wanted.Select(e => (e.Sequence, e.Kind, e.Amount, e.DebtChange, string.Join(",", e.Movements))),
                actual.Select(e => (e.Sequence, e.Kind, e.Amount, e.DebtChange, string.Join(",", e.Movements))));
            Assert.Equal(await reference.GetBalanceAsync(member), await imported.GetBalanceAsync(member));
            Assert.Equal((await reference.GetAccountAsync(member)).Version, (await imported.GetAccountAsync(member)).Version);
        }
    }

    [SkippableFact]
    public async Task CommitBatch_WithOneStaleChangeSet_WritesNothingAtAll()
    {
        var recording = new RecordingLedgerStore(Store);
        var (engine, _) = Engine("shop", recording);
        await engine.ExecuteAsync(Order(MemberId.From("b"), "o-b", 1, 10m));
        var staleForB = recording.Commits[0] with { Idempotency = recording.Commits[0].Idempotency with { Key = Key("fresh-key") } };

        // A valid change set for a new member, decided on another store, then the stale one for "b".
        var side = new RecordingLedgerStore(new InMemoryLedgerStore());
        await new LoyaltyEngine(engine.Program, side, new FakeClock(Start)).ExecuteAsync(Order(MemberId.From("c"), "o-c", 1, 10m));

        Assert.Equal(CommitStatus.VersionConflict, await Store.CommitBatchAsync([side.Commits[0], staleForB]));
        Assert.False((await Store.LoadAsync(new LedgerLoadRequest(engine.Program.Id, MemberId.From("c")))).Account.Exists);
        Assert.Null(await Store.FindIdempotencyRecordAsync(engine.Program.Id, MemberId.From("c"), Key("earn:o-c")));
        Assert.Null(await Store.FindIdempotencyRecordAsync(engine.Program.Id, MemberId.From("b"), Key("fresh-key")));

        Assert.Equal(CommitStatus.Committed, await Store.CommitBatchAsync([side.Commits[0]]));
        Assert.Equal(Points.FromInt64(10), (await engine.GetBalanceAsync(MemberId.From("c"))).Total);
    }

    [SkippableFact]
    public async Task Accrual_WithRuleBreakdown_RoundTripsExactly()
    {
        var program = Program("shop").ToBuilder();
        program.Earning = new Loyalty.Sdk.Rules.EarningRules(
            excludedCategories: ["shipping"],
            categoryMultipliers: new Dictionary<string, decimal> { ["music"] = 1.25m },
            campaigns: [new Loyalty.Sdk.Rules.Campaign("double", 2m)],
            maxPointsPerOrder: Points.FromInt64(70));
        var stored = new LoyaltyEngine(program.Build(), Store, new FakeClock(Start));
        var reference = new LoyaltyEngine(program.Build(), new InMemoryLedgerStore(), new FakeClock(Start));
        var member = MemberId.From("m-1");
        var order = new EarnCommand(member, Key("k"), "o-1", Start, [
            new PurchaseLine("a", "sku-a", "music", 3, Money.Of(9.990m, "EUR")),
            new PurchaseLine("b", "sku-b", "shipping", 1, Money.Of(4.5m, "EUR")),
            new PurchaseLine("c", "sku-c", "music", 1, Money.Of(0.01m, "EUR")),
        ]);
        await stored.ExecuteAsync(order);
        await reference.ExecuteAsync(order);

        var actual = (await stored.Reports.GetAccrualAsync(member, "o-1"))!;
        var expected = (await reference.Reports.GetAccrualAsync(member, "o-1"))!;
        Assert.Equal(expected.Lines.Count, actual.Lines.Count);
        foreach (var (a, e) in actual.Lines.Zip(expected.Lines))
        {
            Assert.Equal(e with { Rules = [] }, a with { Rules = [] });
            Assert.Equal(e.Rules, a.Rules);
            Assert.Equal(e.UnitPrice.ToString(System.Globalization.CultureInfo.InvariantCulture), a.UnitPrice.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Contains(actual.Lines, l => l.Rules.Contains("order-cap:70"));
    }

    [SkippableFact]
    public async Task PeriodCounters_RoundTripThroughTheStore()
    {
        var program = Program("shop").ToBuilder();
        program.Earning = new Loyalty.Sdk.Rules.EarningRules(
            maxPointsPerMemberPerPeriod: Points.FromInt64(100),
            activities: [new Loyalty.Sdk.Rules.ActivityRule("review \"quoted\" 😀", Points.FromInt64(10), 2)]);
        var engine = new LoyaltyEngine(program.Build(), Store, new FakeClock(Start));
        var member = MemberId.From("m-1");
        await engine.ExecuteAsync(new EarnActivityCommand(member, Key("a"), "review \"quoted\" 😀"));
        await engine.ExecuteAsync(Order(member, "o-1", 3, 20m));

        var counters = (await engine.GetAccountAsync(member)).Counters.OrderBy(c => c.Key.ToString(), StringComparer.Ordinal).ToArray();
        Assert.Equal(3, counters.Length);
        Assert.Equal((new CounterKey(CounterKind.Activity, "review \"quoted\" 😀"), (NodaTime.LocalDate?)new NodaTime.LocalDate(2026, 3, 1), 1L), (counters[0].Key, counters[0].PeriodStart, counters[0].Value));
        Assert.Equal((new CounterKey(CounterKind.PointsCredited), (NodaTime.LocalDate?)null, 70L), (counters[1].Key, counters[1].PeriodStart, counters[1].Value)); // lifetime credits, bounded by MaxPointsPerMember
        Assert.Equal((new CounterKey(CounterKind.PointsEarned), 70L), (counters[2].Key, counters[2].Value));
        Assert.Equal(Points.FromInt64(30), (await engine.ExecuteAsync(Order(member, "o-2", 2, 30m))).Entries[0].Amount);
    }

    [SkippableFact]
    public async Task Tiers_StateEntriesAndDueReviews_RoundTripThroughTheStore()
    {
        var builder = Program("shop").ToBuilder();
        builder.Tiers = new Loyalty.Sdk.Tiers.TierLadder(
            [new Loyalty.Sdk.Tiers.Tier("member", 0m), new Loyalty.Sdk.Tiers.Tier("gold \"vip\" 😀", 50.5m, 2m)],
            Loyalty.Sdk.Tiers.QualifyingMetric.Spend,
            Loyalty.Sdk.Tiers.TierWindow.RollingMonths(2),
            Period.FromDays(3));
        var clock = new FakeClock(Start);
        var engine = new LoyaltyEngine(builder.Build(), Store, clock);
        var member = MemberId.From("m-1");
        await engine.ExecuteAsync(Order(member, "o-1", 3, 20.25m)); // spend 60.75: promoted
        await engine.ExecuteAsync(new ReverseEarnCommand(member, Key("r-1"), "o-1", [new ReturnedLine("1", 1)]));
        await engine.ExecuteAsync(new SetTierFloorCommand(member, Key("f-1"), null, "none"));

        var account = await engine.GetAccountAsync(member);
        var tier = account.Tier!;
        Assert.Equal("gold \"vip\" 😀", tier.TierId);
        Assert.Equal(new LocalDate(2026, 4, 1), tier.ReviewOn);
        Assert.Equal(new LocalDate(2026, 3, 1), tier.EnrolledOn);
        var bucket = Assert.Single(tier.Buckets);
        Assert.Equal(40.5m, bucket.Spend);
        Assert.Equal(1, bucket.Orders);
        Assert.Equal(new LocalDate(2026, 4, 4).AtStartOfDayInZone(engine.Program.TimeZone).ToInstant(), account.NextDueAt);

        var entries = await Store.ReadEntriesUpToAsync(engine.Program.Id, member, Instant.MaxValue);
        Assert.Equal(new Loyalty.Sdk.Tiers.QualifyingChange(new LocalDate(2026, 3, 1), 60, 60.75m, 1), entries[0].Qualifying);
        Assert.Equal(LedgerEntryKind.TierChange, entries[1].Kind);
        Assert.Equal("gold \"vip\" 😀", entries[1].Tier);
        Assert.Equal(-20.25m, entries[2].Qualifying!.Value.Spend);
        Assert.Equal(LedgerEntryKind.TierFloor, entries[3].Kind);
        Assert.Null(entries[3].Tier);

        // The job finds the account by its due review (no expiry is due): after the return, March's 40.5 is below
        // the threshold, so the review of February–March lowers the tier on 4 April (1 April plus 3 days' grace).
        clock.Reset(Instant.FromUtc(2026, 4, 3, 12, 0));
        Assert.Equal(0, (await engine.Jobs.RunExpiryAsync()).AccountsScanned);
        clock.Reset(Instant.FromUtc(2026, 4, 5, 0, 0));
        var run = await engine.Jobs.RunExpiryAsync();
        Assert.Equal(1, run.TierChanges);
        Assert.Equal("member", (await engine.GetAccountAsync(member)).Tier!.TierId);
        Assert.Equal(0, (await engine.Jobs.RunExpiryAsync()).AccountsScanned);
    }

    [SkippableFact]
    public async Task Operations_WithCancelledToken_ThrowAndWriteNothing()
    {
        var (engine, _) = Engine("shop");
        var member = MemberId.From("m-1");
        using var cancelled = new System.Threading.CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await engine.ExecuteAsync(Order(member, "o-1", 1, 10m), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Store.LoadAsync(new LedgerLoadRequest(engine.Program.Id, member), cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Store.ReadLotsAsync(engine.Program.Id, member, cancelled.Token));
        Assert.False((await engine.GetAccountAsync(member)).Exists);
    }

    [SkippableFact]
    public async Task ClaimAccountsDue_ConcurrentWorkers_GetDisjointBatchesUntilTheLeaseEnds()
    {
        var (engine, clock) = Engine("shop", expiry: ExpiryPolicy.AfterDays(10));
        const int accounts = 40;
        for (var i = 0; i < accounts; i++)
        {
            await engine.ExecuteAsync(Order(MemberId.From($"m-{i:D2}"), $"o-{i}", 1, 10m));
        }

        clock.Advance(Duration.FromDays(8));
        await engine.ExecuteAsync(Order(MemberId.From("fresh"), "o-fresh", 1, 10m)); // expires 8 days after the others
        clock.Advance(Duration.FromDays(20));
        var now = clock.GetCurrentInstant();
        var due = now - Duration.FromDays(12); // after the others' expiry, before "fresh"'s
        var lease = Duration.FromMinutes(5);

        var batches = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            await Store.ClaimAccountsDueAsync(engine.Program.Id, Instant.MaxValue, now, 7, lease))));
        var claimed = batches.SelectMany(b => b.Select(a => a.MemberId.Value)).ToList();
        Assert.Equal(claimed.Count, claimed.Distinct().Count());
        Assert.Equal(accounts + 1, claimed.Count);
        Assert.All(batches.SelectMany(b => b), a => Assert.Single(a.OpenLots));

        Assert.Empty(await Store.ClaimAccountsDueAsync(engine.Program.Id, Instant.MaxValue, now, 100, lease));
        var afterLease = await Store.ClaimAccountsDueAsync(engine.Program.Id, due, now + lease, 100, lease);
        Assert.Equal(accounts, afterLease.Count); // the lease ended; "fresh" is not due by then
        Assert.DoesNotContain(afterLease, a => a.MemberId.Value == "fresh");
    }

    private (LoyaltyEngine Engine, FakeClock Clock) Engine(string program, ILedgerStore? store = null, ExpiryPolicy? expiry = null)
    {
        var clock = new FakeClock(Start);
        return (new LoyaltyEngine(Program(program, expiry), store ?? Store, clock), clock);
    }

    private static LoyaltyProgram Program(string id, ExpiryPolicy? expiry = null) => new LoyaltyProgramBuilder
    {
        Id = id,
        BaseCurrency = "EUR",
        TimeZoneId = "Europe/Berlin",
        Expiry = expiry ?? ExpiryPolicy.Never,
    }.Build();

    private static IdempotencyKey Key(string value) => IdempotencyKey.From(value);

    /// <summary>A deterministic, realistic stream: earns, redemptions, returns, refunds, activities, replays and key conflicts.</summary>
    private static LedgerCommand ImportCommand(int n)
    {
        var member = MemberId.From($"m{n % 6}");
        return (n % 9) switch
        {
            0 or 1 or 2 => new EarnCommand(member, Key($"k{n}"), $"o{n}", Start, [
                new PurchaseLine("1", "sku", "books", 1 + (n % 3), Money.Of(10m + (n % 7), "EUR")),
                new PurchaseLine("2", "sku2", "music", 2, Money.Of(4.25m, "EUR")),
            ]),
            3 => new RedeemCommand(member, Key($"k{n}"), Points.FromInt64(10 + (n % 40))),
            4 => new ReverseEarnCommand(member, Key($"k{n}"), $"o{n - 4}", [new ReturnedLine("2", 1)]),
            5 => new RefundRedemptionCommand(member, Key($"k{n}"), Key($"k{n - 2}"), Points.FromInt64(5)),
            6 => new EarnActivityCommand(member, Key($"k{n}"), "review", Points.FromInt64(15)),
            7 => ImportCommand(n - 7), // a replay of an earlier earn (n - 7 is a multiple of 9)
            _ => new EarnActivityCommand(MemberId.From($"m{(n - 2) % 6}"), Key($"k{n - 2}"), "other", Points.FromInt64(1)), // key conflict (that member's k{n-2} is an activity of 15)
        };
    }

    private static EarnCommand Order(MemberId member, string orderId, int units, decimal price) =>
        new(member, Key("earn:" + orderId), orderId, Start, [new PurchaseLine("1", "sku-1", "music", units, Money.Of(price, "EUR"))]);

    private sealed class EntryComparer : IEqualityComparer<LedgerEntry>
    {
        public static readonly EntryComparer Instance = new();

        public bool Equals(LedgerEntry? x, LedgerEntry? y) =>
            x is not null && y is not null && x with { Movements = [] } == y with { Movements = [] } && x.Movements.SequenceEqual(y.Movements);

        public int GetHashCode(LedgerEntry obj) => obj.Sequence.GetHashCode();
    }
}
