using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Loyalty.Sdk.Expiry;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage;
using NodaTime;

namespace Loyalty.Sdk.Benchmarks;

/// <summary>
/// Earn, redeem and preview through the engine on the in-memory store, one command at a time on one thread,
/// against the floor: a plain dictionary update per command. Each iteration runs <see cref="Commands"/>
/// commands on freshly seeded accounts (an earn or redeem grows the store, so state is rebuilt per iteration).
/// <see cref="EarnEngineOnly"/> runs the same earns through a store that keeps nothing, which separates the engine's
/// own cost from the cost of keeping the ledger on the managed heap (mostly garbage collection).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 5, iterationCount: 30)]
public class LedgerCommandBenchmarks
{
    private const int Commands = 20_000;
    private const int Members = 5_000;

    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 12, 0);

    private LoyaltyEngine _engine = null!;
    private LoyaltyEngine _engineOnly = null!;
    private LedgerCommand[] _earns = null!;
    private LedgerCommand[] _redeems = null!;
    private MemberId[] _members = null!;
    private string[] _keys = null!;
    private Dictionary<string, long> _balances = null!;

    /// <summary>Gets or sets a value indicating whether the program has a tier ladder (spend over rolling 12 months, with multipliers).</summary>
    [Params(false, true)]
    public bool Tiers { get; set; }

    [IterationSetup]
    public void Setup()
    {
        var program = new LoyaltyProgramBuilder
        {
            Id = "bench",
            BaseCurrency = "EUR",
            TimeZoneId = "Europe/Berlin",
            PendingDays = 14,
            Expiry = ExpiryPolicy.AfterMonths(12, ExpiryRounding.EndOfMonth),
            Tiers = Tiers
                ? new Tiers.TierLadder([new Tiers.Tier("member", 0m), new Tiers.Tier("silver", 500m, 1.25m), new Tiers.Tier("gold", 2_000m, 1.5m)], Loyalty.Sdk.Tiers.QualifyingMetric.Spend, Loyalty.Sdk.Tiers.TierWindow.RollingMonths(12))
                : null,
        }.Build();
        _engine = new LoyaltyEngine(program, new InMemoryLedgerStore(), new FixedClock(Now));
        _engineOnly = new LoyaltyEngine(program, new DiscardingLedgerStore(), new FixedClock(Now));
        _members = new MemberId[Members];
        _balances = new Dictionary<string, long>(Members);
        for (var m = 0; m < Members; m++)
        {
            _members[m] = MemberId.From($"member-{m}");
            _balances[_members[m].Value] = 1_000_000;
            var seed = new EarnActivityCommand(_members[m], IdempotencyKey.From($"seed-{m}"), "signup", Points.FromInt64(1_000_000));
            _engine.ExecuteAsync(seed).AsTask().GetAwaiter().GetResult();
        }

        _earns = new LedgerCommand[Commands];
        _redeems = new LedgerCommand[Commands];
        _keys = new string[Commands];
        for (var i = 0; i < Commands; i++)
        {
            var member = _members[i % Members];
            _keys[i] = $"order:{i}";
            _earns[i] = new EarnCommand(member, IdempotencyKey.From($"order:{i}:earn"), $"order-{i}", Now, [
                new PurchaseLine("1", "SKU-1", "books", 2, Money.Of(19.99m, "EUR")),
                new PurchaseLine("2", "SKU-2", "music", 1, Money.Of(9.50m, "EUR")),
            ]);
            _redeems[i] = new RedeemCommand(member, IdempotencyKey.From($"order:{i}:redeem"), Points.FromInt64(25), $"order-{i}");
        }
    }

    /// <summary>The floor: one dictionary update (and one key insert, the idempotency record) per command.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Commands)]
    public long DictionaryUpdate()
    {
        var seen = new HashSet<string>(Commands);
        long total = 0;
        for (var i = 0; i < Commands; i++)
        {
            if (seen.Add(_keys[i]))
            {
                var member = _members[i % Members].Value;
                total += _balances[member] += 48;
            }
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Commands)]
    public long Earn() => Execute(_engine, _earns);

    /// <summary>The same earns through a store that keeps nothing: the engine's own cost per command.</summary>
    [Benchmark(OperationsPerInvoke = Commands)]
    public long EarnEngineOnly() => Execute(_engineOnly, _earns);

    [Benchmark(OperationsPerInvoke = Commands)]
    public long Redeem() => Execute(_engine, _redeems);

    [Benchmark(OperationsPerInvoke = Commands)]
    public long Preview()
    {
        long total = 0;
        for (var i = 0; i < Commands; i++)
        {
            total += _engine.PreviewAsync(_redeems[i]).GetAwaiter().GetResult().Balance.Total.Value;
        }

        return total;
    }

    private static long Execute(LoyaltyEngine engine, LedgerCommand[] commands)
    {
        long total = 0;
        for (var i = 0; i < commands.Length; i++)
        {
            total += engine.ExecuteAsync(commands[i]).GetAwaiter().GetResult().Balance.Total.Value;
        }

        return total;
    }
}
