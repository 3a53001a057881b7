using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Loyalty.Sdk.Configuration;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Loyalty.Sdk.Tests.Configuration;

/// <summary>
/// The parser fails one way only: seeded mutations of the example definition (nulls anywhere, null elements in every
/// array, numbers as strings, wrong types, out-of-range and overflowing numbers, deleted and unknown fields) either
/// parse, or fail with <see cref="ProgramValidationException"/> whose every error names its field. Every definition that
/// parses serialises back to an equal definition, and can earn and redeem with typed results.
/// </summary>
public sealed class LoyaltyProgramJsonFuzzTests
{
    private const int Definitions = 1_200;

    private static readonly JsonNode?[] Replacements =
    [
        null, "2", "", "x", true, new JsonObject(), new JsonArray(), 0, -1, 1, 2.5m, 1e20m, -1e20m, 0.0000000000000000000000000001m,
        long.MaxValue, long.MinValue, int.MaxValue, 1000.0001m, 100.5m, "P1M", "P9999Y", "PT9999999H", "P-1D", "2026-02-30", "9999-12-31", "\u0000", new string('x', 5_000),
    ];

    private static readonly decimal[] Numbers =
    [
        0m, 1m, -1m, 0.5m, 2m, 100m, 1000m, 1000.0001m, 1e6m, 1e12m, 1e15m, 1e20m, 0.000001m, 0.0000001m,
        0.0000000000000000000000000001m, long.MaxValue, int.MaxValue, 3650m, 3651m,
    ];

    [Fact]
    public void MutatedDefinitions_ParseOrFailWithAFieldNamedError_AndEveryParsedOneCanEarnAndRedeem()
    {
        var sample = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "program.example.json"));
        var random = new Random(20261129);
        var budget = Stopwatch.StartNew();
        int parsed = 0, refused = 0, ran = 0;
        for (; ran < Definitions && budget.Elapsed < TimeSpan.FromMinutes(2); ran++)
        {
            var root = JsonNode.Parse(sample)!;
            var mutations = new List<string>();
            var numbersOnly = random.Next(2) == 0; // half the definitions keep their shape: the ones that parse but may not run
            for (var m = random.Next(1, 3); m > 0; m--)
            {
                mutations.Add(numbersOnly ? MutateNumber(root, random) : Mutate(root, random));
            }

            var json = root.ToJsonString();
            LoyaltyProgram program;
            try
            {
                program = LoyaltyProgramJson.Parse(json);
            }
            catch (ProgramValidationException ex)
            {
                refused++;
                Assert.NotEmpty(ex.Errors);
                Assert.All(ex.Errors, e => Assert.True(
                    e.IndexOf(':', StringComparison.Ordinal) > 0 && !e.StartsWith(':'),
                    $"error '{e}' names no field, after {string.Join("; ", mutations)}"));
                continue;
            }
            catch (Exception ex)
            {
                Assert.Fail($"{ex.GetType().Name}: {ex.Message}\nafter {string.Join("; ", mutations)}\n{json}");
                return;
            }

            parsed++;
            var again = LoyaltyProgramJson.Parse(LoyaltyProgramJson.Serialize(program));
            Assert.Equal(LoyaltyProgramJson.Serialize(program), LoyaltyProgramJson.Serialize(again));
            EarnAndRedeem(program, string.Join("; ", mutations));
        }

        Assert.True(ran >= 1_000, $"only {ran} definitions in the time budget");
        Assert.True(parsed > 150 && refused > 150, $"the mutations should both keep and break definitions: {parsed} parsed, {refused} refused");
    }

    [Theory]
    [InlineData("""{"id":"p","baseCurrency":"EUR","exchangeRates":[null]}""", "exchangeRates[0]")]
    [InlineData("""{"id":"p","baseCurrency":"EUR","earning":{"campaigns":[null]}}""", "earning.campaigns[0]")]
    [InlineData("""{"id":"p","baseCurrency":"EUR","earning":{"activities":[null]}}""", "earning.activities[0]")]
    [InlineData("""{"id":"p","baseCurrency":"EUR","earning":{"excludedCategories":[null]}}""", "earning.excludedCategories[0]")]
    [InlineData("""{"id":"p","baseCurrency":"EUR","earning":{"campaigns":[{"id":"c","multiplier":2,"categories":[null]}]}}""", "earning.campaigns[0].categories[0]")]
    [InlineData("""{"id":"p","baseCurrency":"EUR","tiers":{"levels":[{"id":"a","threshold":0},null]}}""", "tiers.levels[1]")]
    [InlineData("""{"id":"p","baseCurrency":"EUR","engagement":{"rewards":[null]}}""", "engagement.rewards[0]")]
    [InlineData("""{"id":"p","baseCurrency":"EUR","engagement":{"tasks":[null]}}""", "engagement.tasks[0]")]
    [InlineData("""{"id":"p","baseCurrency":"EUR","engagement":{"perks":[null]}}""", "engagement.perks[0]")]
    [InlineData("""{"id":"p","baseCurrency":"EUR","engagement":{"celebrations":[null]}}""", "engagement.celebrations[0]")]
    [InlineData("""{"id":"p","baseCurrency":"EUR","engagement":{"rewards":[{"id":"r","kind":"coupon","points":5,"tiers":[null]}]}}""", "engagement.rewards[0].tiers[0]")]
    public void NullElement_InAnyArray_IsAnErrorNamingIt(string json, string field)
    {
        var error = Assert.Throws<ProgramValidationException>(() => LoyaltyProgramJson.Parse(json));
        Assert.Contains(error.Errors, e => e.StartsWith(field + ":", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"id":"p","baseCurrency":"EUR","pendingDays":"14"}""", "$.pendingDays")]
    [InlineData("""{"id":"p","baseCurrency":"EUR","earning":{"categoryMultipliers":{"books":"2"}}}""", "$.earning.categoryMultipliers.books")]
    [InlineData("""{"id":"p","baseCurrency":"EUR","pointValue":"0.01"}""", "$.pointValue")]
    public void NumberWrittenAsAString_IsAWrongTypeError(string json, string path)
    {
        var error = Assert.Throws<ProgramValidationException>(() => LoyaltyProgramJson.Parse(json));
        Assert.StartsWith(path + ":", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":"p","baseCurrency":"EUR","earning":{"categoryMultipliers":{"books":1e20}}}""", "earning")]
    [InlineData("""{"id":"p","baseCurrency":"EUR","earning":{"skuMultipliers":{"x":1001}}}""", "earning")]
    [InlineData("""{"id":"p","baseCurrency":"EUR","earning":{"campaigns":[{"id":"c","multiplier":1000.5}]}}""", "earning.campaigns[0]")]
    [InlineData("""{"id":"p","baseCurrency":"EUR","pointValue":1e-28}""", "PointValue")]
    [InlineData("""{"id":"p","baseCurrency":"EUR","costPerPoint":1e20}""", "CostPerPoint")]
    [InlineData("""{"id":"p","baseCurrency":"EUR","maxPointsPerCommand":1000000000001}""", "MaxPointsPerCommand")]
    [InlineData("""{"id":"p","baseCurrency":"EUR","maxPointsPerMember":0}""", "MaxPointsPerMember")]
    [InlineData("""{"id":"p","baseCurrency":"EUR","exchangeRates":[{"from":"USD","to":"EUR","rate":1e12}]}""", "exchangeRates")]
    [InlineData("""{"id":"p","baseCurrency":"EUR","earning":{"activities":[{"activityType":"x","points":9223372036854775807}]}}""", "earning.activities[0]")]
    [InlineData("""{"id":"p","baseCurrency":"EUR","engagement":{"tasks":[{"id":"t","action":"order","count":1,"points":9223372036854775807}]}}""", "Engagement")]
    public void ValuesThatCouldNotRun_AreRefusedByTheValidator(string json, string field)
    {
        var error = Assert.Throws<ProgramValidationException>(() => LoyaltyProgramJson.Parse(json));
        Assert.Contains(error.Errors, e => e.StartsWith(field, StringComparison.Ordinal));
    }

    [Fact]
    public void TierLadder_OfOneHundredThousandLevels_ValidatesInLinearTime()
    {
        // Quadratic validation took 18 s here; a linear one is a fraction of a second. The assertion is the result,
        // not the time: a duplicate id at the very end is found, and the valid ladder builds.
        var levels = Enumerable.Range(0, 100_000).Select(i => new JsonObject { ["id"] = $"t{i}", ["threshold"] = i }).ToList();
        var ladder = new JsonObject { ["levels"] = new JsonArray([.. levels]) };
        var program = LoyaltyProgramJson.Parse(new JsonObject { ["id"] = "p", ["baseCurrency"] = "EUR", ["tiers"] = ladder }.ToJsonString());
        Assert.Equal(100_000, program.Tiers!.Tiers.Count);
        Assert.Equal(99_999, program.Tiers.IndexOf("t99999"));
        Assert.Equal("t54321", program.Tiers.Reached(54_321.5m).Id);

        ladder["levels"]!.AsArray().Add(new JsonObject { ["id"] = "t7", ["threshold"] = 200_000 });
        var error = Assert.Throws<ProgramValidationException>(() => LoyaltyProgramJson.Parse(new JsonObject { ["id"] = "p", ["baseCurrency"] = "EUR", ["tiers"] = ladder.DeepClone() }.ToJsonString()));
        Assert.Contains(error.Errors, e => e.Contains("'t7'", StringComparison.Ordinal));
    }

    private static void EarnAndRedeem(LoyaltyProgram program, string mutations)
    {
        var engine = new LoyaltyEngine(program, new InMemoryLedgerStore(), new FakeClock(Instant.FromUtc(2026, 11, 28, 12, 0)));
        var member = MemberId.From("m");
        var at = Instant.FromUtc(2026, 11, 28, 10, 0);
        LedgerCommand[] commands =
        [
            new EarnCommand(member, IdempotencyKey.From("e1"), "o1", at, [
                new PurchaseLine("1", "MEMBERSHIP-BOX", "books", 3, Money.Of(49.99m, "EUR")),
                new PurchaseLine("2", "s", "music", int.MaxValue, Money.Of(LoyaltyLimits.MaxUnitPrice, "EUR")),
            ]),
            new EarnCommand(member, IdempotencyKey.From("e2"), "o2", at, [new PurchaseLine("1", "s", "books", 2, Money.Of(120m, "USD"))]),
            new RedeemCommand(member, IdempotencyKey.From("r1"), Points.FromInt64(60), "o3", Money.Of(80m, "EUR")),
            new RedeemCommand(member, IdempotencyKey.From("r2"), Points.FromInt64(long.MaxValue), "o4", Money.Of(LoyaltyLimits.MaxUnitPrice, "EUR")),
            new EarnActivityCommand(member, IdempotencyKey.From("a1"), "review"),
            new RedeemRewardCommand(member, IdempotencyKey.From("rw"), program.Engagement.Rewards.FirstOrDefault()?.Id ?? "none"),
        ];
        foreach (var command in commands)
        {
            try
            {
                var result = engine.ExecuteAsync(command).AsTask().GetAwaiter().GetResult();
                Assert.True(result.Outcome is LedgerOutcome.Committed or LedgerOutcome.Rejected, $"{result.Outcome}");
            }
            catch (Exception ex)
            {
                Assert.Fail($"{command.GetType().Name} threw {ex.GetType().Name}: {ex.Message}\nafter {mutations}\n{LoyaltyProgramJson.Serialize(program)}");
            }
        }

        engine.Reports.GetLiabilityAsync().AsTask().GetAwaiter().GetResult();
        engine.Reports.GetLeaderboardAsync(new DateInterval(new LocalDate(2026, 11, 1), new LocalDate(2026, 11, 30))).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Applies one random mutation somewhere in the tree and says what it did.</summary>
    private static string Mutate(JsonNode root, Random random)
    {
        var places = new List<(JsonNode Parent, string? Name, int Index)>();
        Collect(root, places);
        var (parent, name, index) = places[random.Next(places.Count)];
        var kind = random.Next(8);
        var path = parent.GetPath() + (name is null ? $"[{index}]" : "." + name);
        switch (kind)
        {
            case 0 when parent is JsonArray array:
                array.Insert(index, null);
                return $"null inserted at {path}";
            case 1 when parent is JsonObject obj:
                obj.Remove(name!);
                return $"{path} removed";
            case 2 when parent is JsonObject obj:
                obj["unknown" + random.Next(100).ToString(CultureInfo.InvariantCulture)] = 1;
                return $"unknown field beside {path}";
            case 3:
                var value = Get(parent, name, index);
                if (value is JsonValue v && v.TryGetValue<decimal>(out var number))
                {
                    Set(parent, name, index, JsonValue.Create(number.ToString(CultureInfo.InvariantCulture)));
                    return $"{path} as a string";
                }

                goto default;
            case 4 when Get(parent, name, index) is JsonValue current && current.TryGetValue<decimal>(out _):
                // Mostly numbers for numbers: the values that parse but could not run.
                var numeric = Numbers[random.Next(Numbers.Length)];
                Set(parent, name, index, JsonValue.Create(numeric));
                return $"{path} = {numeric}";
            default:
                var replacement = Replacements[random.Next(Replacements.Length)]?.DeepClone();
                Set(parent, name, index, replacement);
                return $"{path} = {replacement?.ToJsonString() ?? "null"}";
        }
    }

    /// <summary>Sets one number of the tree to an extreme, keeping its type.</summary>
    private static string MutateNumber(JsonNode root, Random random)
    {
        var places = new List<(JsonNode Parent, string? Name, int Index)>();
        Collect(root, places);
        places.RemoveAll(p => !(Get(p.Parent, p.Name, p.Index) is JsonValue v && v.TryGetValue<decimal>(out _)));
        var (parent, name, index) = places[random.Next(places.Count)];
        var numeric = Numbers[random.Next(Numbers.Length)];
        Set(parent, name, index, JsonValue.Create(numeric));
        return $"{parent.GetPath()}{(name is null ? $"[{index}]" : "." + name)} = {numeric}";
    }

    private static void Collect(JsonNode node, List<(JsonNode, string?, int)> places)
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, child) in obj.ToList())
            {
                places.Add((obj, name, -1));
                if (child is not null)
                {
                    Collect(child, places);
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                places.Add((array, null, i));
                if (array[i] is { } child)
                {
                    Collect(child, places);
                }
            }
        }
    }

    private static JsonNode? Get(JsonNode parent, string? name, int index) => name is null ? parent.AsArray()[index] : parent.AsObject()[name];

    private static void Set(JsonNode parent, string? name, int index, JsonNode? value)
    {
        if (name is null)
        {
            parent.AsArray()[index] = value;
        }
        else
        {
            parent.AsObject()[name] = value;
        }
    }
}
