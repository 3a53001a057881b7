using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Loyalty.Sdk.Expiry;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage;
using NodaTime;
using NodaTime.Testing;

namespace Loyalty.Sdk.Tests.Ledger;

/// <summary>A generated program and a realistic sequence of commands against a few members.</summary>
internal sealed record LedgerScenario(ProgramSpec Program, IReadOnlyList<ScenarioStep> Steps)
{
    public override string ToString() =>
        $"{Program} with {Steps.Count} steps:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", Steps);
}

internal sealed record ProgramSpec(int ExpiryKind, int PendingDays, ReversalPolicy Reversal, string Zone, PointsRounding Rounding, decimal PointsPerUnit)
{
    public ExpiryPolicy Expiry => ExpiryKind switch
    {
        1 => ExpiryPolicy.AfterDays(30),
        2 => ExpiryPolicy.AfterMonths(1, ExpiryRounding.EndOfMonth),
        3 => ExpiryPolicy.AfterInactivity(2),
        _ => ExpiryPolicy.Never,
    };

    public LoyaltyProgram Build() => new LoyaltyProgramBuilder
    {
        Id = "laws",
        BaseCurrency = "EUR",
        TimeZoneId = Zone,
        PendingDays = PendingDays,
        Expiry = Expiry,
        ReversalPolicy = Reversal,
        Rounding = Rounding,
        PointsPerCurrencyUnit = PointsPerUnit,
        ExchangeRates = TestPrograms.Rates,
        MinimumRedemptionPoints = 5,
    }.Build();

    public override string ToString() => $"[{Expiry}, pending {PendingDays}d, {Reversal}, {Zone}, {Rounding}, ×{PointsPerUnit}]";
}

internal enum StepKind
{
    Earn,
    Activity,
    Redeem,
    Return,
    ReturnWhole,
    Refund,
    Adjust,
    Expire,
    Replay,
}

/// <summary>One step: advance the clock, then issue a command. Picks are resolved against earlier steps.</summary>
internal sealed record ScenarioStep(StepKind Kind, int Minutes, int Member, int Amount, int Pick, int Units, int[] Lines)
{
    public override string ToString() =>
        $"+{Minutes}m {Kind} m{Member} amount={Amount} pick={Pick} units={Units} lines=[{string.Join(",", Lines)}]";
}

internal static class LedgerScenarios
{
    public const int Members = 3;

    public static Arbitrary<LedgerScenario> Arbitrary() => Generator().ToArbitrary();

    private static Gen<LedgerScenario> Generator()
    {
        var program =
            from expiry in Gen.Choose(0, 3)
            from pending in Gen.Elements(0, 0, 14)
            from reversal in Gen.Elements(ReversalPolicy.Debt, ReversalPolicy.Capped)
            from zone in Gen.Elements("Etc/UTC", "Europe/Berlin", "America/Sao_Paulo", "Asia/Shanghai")
            from rounding in Gen.Elements(PointsRounding.Floor, PointsRounding.Floor, PointsRounding.HalfUp, PointsRounding.Ceiling)
            from perUnit in Gen.Elements(1m, 1m, 2m, 0.5m, 1.5m)
            select new ProgramSpec(expiry, pending, reversal, zone, rounding, perUnit);

        var minutes = Gen.Frequency(
            (5, Gen.Choose(0, 600)),
            (4, Gen.Choose(600, 60 * 24 * 10)),
            (1, Gen.Choose(60 * 24 * 10, 60 * 24 * 120)));

        // A line is encoded as units * 1_000_000 + cents * 10 + currency (0-7 EUR, 8 USD, 9 GBP: no rate).
        var line =
            from units in Gen.Choose(1, 4)
            from cents in Gen.Choose(1, 20_000)
            from currency in Gen.Choose(0, 9)
            select (units * 1_000_000) + (cents * 10) + currency;

        var step =
            from kind in Gen.Frequency(
                (6, Gen.Constant(StepKind.Earn)),
                (2, Gen.Constant(StepKind.Activity)),
                (5, Gen.Constant(StepKind.Redeem)),
                (3, Gen.Constant(StepKind.Return)),
                (1, Gen.Constant(StepKind.ReturnWhole)),
                (2, Gen.Constant(StepKind.Refund)),
                (1, Gen.Constant(StepKind.Adjust)),
                (2, Gen.Constant(StepKind.Expire)),
                (2, Gen.Constant(StepKind.Replay)))
            from advance in minutes
            from member in Gen.Choose(0, Members - 1)
            from amount in Gen.Choose(1, 400)
            from pick in Gen.Choose(0, 1_000)
            from units in Gen.Choose(1, 3)
            from lineCount in Gen.Choose(1, 3)
            from lines in Gen.ArrayOf(line, lineCount)
            select new ScenarioStep(kind, advance, member, amount, pick, units, lines);

        return from spec in program
               from count in Gen.Choose(5, 60)
               from steps in Gen.ArrayOf(step, count)
               select new LedgerScenario(spec, steps);
    }
}

/// <summary>Turns steps into commands and runs them on a fresh in-memory store with a fake clock.</summary>
internal sealed class ScenarioRunner
{
    private readonly Dictionary<int, LedgerCommand> _commands = new();
    private readonly List<(int Member, string OrderId, string[] Lines)> _orders = new();
    private readonly List<(int Member, IdempotencyKey Key)> _redemptions = new();

    public ScenarioRunner(ProgramSpec spec)
    {
        Program = spec.Build();
        Store = new InMemoryLedgerStore();
        Clock = new FakeClock(TestPrograms.Start);
        Engine = new LoyaltyEngine(Program, Store, Clock);
    }

    public LoyaltyProgram Program { get; }

    public InMemoryLedgerStore Store { get; }

    public FakeClock Clock { get; }

    public LoyaltyEngine Engine { get; }

    public static MemberId MemberOf(int index) => MemberId.From($"m{index}");

    /// <summary>The command for step <paramref name="index"/>, or null when the step has nothing to do (or is skipped).</summary>
    public LedgerCommand? CommandFor(IReadOnlyList<ScenarioStep> steps, int index, bool skipExpire)
    {
        var step = steps[index];
        var member = MemberOf(step.Member);
        var key = IdempotencyKey.From($"s{index}");
        LedgerCommand? command = step.Kind switch
        {
            StepKind.Earn => Earn(step, index, member, key),
            StepKind.Activity => new EarnActivityCommand(member, key, "review", Points.FromInt64(step.Amount)),
            StepKind.Redeem => Redeem(step, member, key),
            StepKind.Return => Return(step, member, key),
            StepKind.ReturnWhole => _orders.Count == 0 ? null : ReverseEarnCommand.WholeOrder(member, key, _orders[step.Pick % _orders.Count].OrderId),
            StepKind.Refund => Refund(step, member, key),
            StepKind.Adjust => new AdjustCommand(member, key, Points.FromInt64(step.Amount % 2 == 0 ? step.Amount : -step.Amount), "correction"),
            StepKind.Expire => new ExpireCommand(member, key),
            StepKind.Replay => Replay(step, index),
            _ => null,
        };
        if (command is not null && step.Kind != StepKind.Replay)
        {
            _commands[index] = command;
        }

        // Without expiry runs, Expire commands (and replays of them) are left out; everything else is identical.
        return skipExpire && command is ExpireCommand ? null : command;
    }

    private EarnCommand Earn(ScenarioStep step, int index, MemberId member, IdempotencyKey key)
    {
        var orderId = $"order-{index}";
        var currency = (step.Lines[0] % 10) switch { 8 => "USD", 9 => "GBP", _ => "EUR" };
        var lines = step.Lines.Select((code, i) =>
            new PurchaseLine($"L{i}", $"sku-{code % 97}", i % 2 == 0 ? "books" : "music", code / 1_000_000, Money.Of((code / 10 % 100_000) / 100m, currency))).ToArray();
        _orders.Add((step.Member, orderId, lines.Select(l => l.LineId).ToArray()));
        return new EarnCommand(member, key, orderId, Clockless(step), lines);
    }

    private static Instant Clockless(ScenarioStep step) => TestPrograms.Start + Duration.FromMinutes(step.Pick);

    private RedeemCommand Redeem(ScenarioStep step, MemberId member, IdempotencyKey key)
    {
        _redemptions.Add((step.Member, key));
        return new RedeemCommand(member, key, Points.FromInt64(step.Amount));
    }

    private ReverseEarnCommand? Return(ScenarioStep step, MemberId member, IdempotencyKey key)
    {
        if (_orders.Count == 0)
        {
            return null;
        }

        var order = _orders[step.Pick % _orders.Count];
        var line = order.Lines[step.Pick % order.Lines.Length];
        return new ReverseEarnCommand(order.Member == step.Member ? member : MemberOf(order.Member), key, order.OrderId, [new ReturnedLine(line, step.Units)]);
    }

    private RefundRedemptionCommand? Refund(ScenarioStep step, MemberId member, IdempotencyKey key)
    {
        var mine = _redemptions.Where(r => r.Member == step.Member).ToList();
        if (mine.Count == 0)
        {
            return null;
        }

        var redemption = mine[step.Pick % mine.Count].Key;
        return new RefundRedemptionCommand(member, key, redemption, step.Units == 3 ? null : Points.FromInt64(step.Amount / 2 + 1));
    }

    private LedgerCommand? Replay(ScenarioStep step, int index)
    {
        var earlier = _commands.Keys.Where(k => k < index).ToList();
        return earlier.Count == 0 ? null : _commands[earlier[step.Pick % earlier.Count]];
    }
}
