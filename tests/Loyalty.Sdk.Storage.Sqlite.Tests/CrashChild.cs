using System;
using System.Globalization;
using Loyalty.Sdk.Ledger;
using NodaTime;

namespace Loyalty.Sdk.Storage.Sqlite.Tests;

/// <summary>
/// The writer process of the crash-safety test: from command number <c>start</c> on, it runs a deterministic stream of
/// earns, redemptions, returns and refunds against the database and prints "ack N" after each command returns, until
/// it is killed. The command for a number is always the same, so a restarted child replays what may have committed.
/// </summary>
internal static class CrashChild
{
    public const int Members = 4;

    public static int Main(string[] args)
    {
        if (args.Length != 3 || args[0] != "crash-child")
        {
            Console.Error.WriteLine("usage: crash-child <database> <first-command>");
            return 2;
        }

        var path = args[1];
        var next = long.Parse(args[2], CultureInfo.InvariantCulture);
        using var store = SqliteLedgerStore.Open(path);
        var engine = new LoyaltyEngine(Program(), store, new SystemClockLike());
        while (true)
        {
            var result = engine.ExecuteAsync(Command(next)).AsTask().GetAwaiter().GetResult();
            Console.Out.WriteLine($"ack {next} {result.Outcome}");
            Console.Out.Flush();
            next++;
        }
    }

    public static LoyaltyProgram Program() => new LoyaltyProgramBuilder { Id = "crash", BaseCurrency = "EUR" }.Build();

    public static LedgerCommand Command(long n)
    {
        var member = MemberId.From($"m{n % Members}");
        var key = IdempotencyKey.From($"c{n}");
        return (n % 5) switch
        {
            0 or 1 => new EarnCommand(member, key, $"o{n}", Instant.FromUtc(2026, 1, 1, 0, 0), [
                new PurchaseLine("1", "sku", "books", 1 + (int)(n % 3), Money.Of(10m + (n % 7), "EUR")),
                new PurchaseLine("2", "sku2", "music", 1, Money.Of(3.5m, "EUR")),
            ]),
            2 => new RedeemCommand(member, key, Points.FromInt64(5 + (n % 20))),
            3 => ReverseEarnCommand.WholeOrder(member, key, $"o{n - 3}"),
            _ => new RefundRedemptionCommand(member, key, IdempotencyKey.From($"c{n - 2}")),
        };
    }

    /// <summary>Real time, strictly increasing per process (the test cares about durability, not about dates).</summary>
    private sealed class SystemClockLike : IClock
    {
        public Instant GetCurrentInstant() => Instant.FromDateTimeOffset(DateTimeOffset.UtcNow);
    }
}
