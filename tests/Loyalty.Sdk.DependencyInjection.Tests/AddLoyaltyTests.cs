using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Loyalty.Sdk.DependencyInjection;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Tiers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Loyalty.Sdk.DependencyInjection.Tests;

public sealed class AddLoyaltyTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 5, 4, 10, 0);

    private static void Shop(LoyaltyProgramBuilder b, string id = "shop")
    {
        b.Id = id;
        b.BaseCurrency = "EUR";
        b.TimeZoneId = "Europe/Berlin";
    }

    private static EarnCommand Order(string id) =>
        new(MemberId.From("ana"), IdempotencyKey.From("earn:" + id), id, Now, [new PurchaseLine("1", "sku", "books", 1, Money.Of(20m, "EUR"))]);

    [Fact]
    public async Task OneProgram_ResolvesItsEngine_WithTheContainersClock()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new FakeClock(Now));
        services.AddLoyalty(o => o.AddProgram(b => Shop(b))).UseInMemory();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var engine = provider.GetRequiredService<LoyaltyEngine>();
        var result = await engine.ExecuteAsync(Order("o-1"));
        Assert.Equal(LedgerOutcome.Committed, result.Outcome);
        Assert.Equal(Now, result.Entries[0].RecordedAt);
        Assert.Same(engine, provider.GetRequiredKeyedService<LoyaltyEngine>("shop"));
        Assert.Same(engine, provider.GetRequiredService<ILoyaltyEngines>().Get("shop"));
    }

    [Fact]
    public void SeveralPrograms_AreResolvableSideBySide_AndCallingAddLoyaltyTwiceIsHarmless()
    {
        var services = new ServiceCollection();
        services.AddLoyalty(o => o.AddProgram(b => Shop(b, "eu")).AddProgram(b => Shop(b, "us"))).UseInMemory();
        services.AddLoyalty(o => o.AddProgram(b => Shop(b, "eu"))).UseInMemory();
        Assert.Single(services, d => d.ServiceType == typeof(ILoyaltyEngines));
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
        using var provider = services.BuildServiceProvider();

        var engines = provider.GetRequiredService<ILoyaltyEngines>();
        Assert.Equal(new[] { "eu", "us" }, engines.All.Select(e => e.Program.Id.Value));
        Assert.Equal("us", provider.GetRequiredKeyedService<LoyaltyEngine>("us").Program.Id.Value);
        Assert.NotSame(engines.Get("eu"), engines.Get("us"));
        var ambiguous = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<LoyaltyEngine>());
        Assert.Contains("2 loyalty programs", ambiguous.Message, StringComparison.Ordinal);
        Assert.Throws<KeyNotFoundException>(() => engines.Get("mars"));
    }

    [Fact]
    public void Programs_FromAConfigurationSection_InTheJsonDefinitionShape()
    {
        const string appsettings = """
            {
              "Loyalty": {
                "Programs": [
                  {
                    "id": "eu-shop", "baseCurrency": "EUR", "timeZone": "Europe/Berlin", "pendingDays": 14,
                    "earnOnCashPartOnly": false, "pointsPerCurrencyUnit": 1.5,
                    "expiry": { "kind": "afterMonths", "length": 12, "rounding": "endOfMonth" },
                    "earning": {
                      "excludedCategories": [ "shipping" ],
                      "campaigns": [ { "id": "weekend", "multiplier": 2, "weekdays": [ "saturday", "sunday" ] } ]
                    },
                    "tiers": { "metric": "spend", "window": "rollingMonths", "months": 6, "grace": "P14D",
                               "levels": [ { "id": "member", "threshold": 0 }, { "id": "gold", "threshold": 500, "earningMultiplier": 1.5 } ] }
                  },
                  { "id": "us-shop", "baseCurrency": "USD", "timeZone": "America/New_York" }
                ]
              }
            }
            """;
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(appsettings))).Build();
        var services = new ServiceCollection();
        services.AddLoyalty(o => o.AddProgramsFromConfiguration(configuration.GetSection("Loyalty:Programs"))).UseInMemory();
        using var provider = services.BuildServiceProvider();

        var eu = provider.GetRequiredKeyedService<LoyaltyEngine>("eu-shop").Program;
        Assert.False(eu.EarnOnCashPartOnly);
        Assert.Equal(1.5m, eu.PointsPerCurrencyUnit);
        Assert.Equal(14, eu.PendingDays);
        Assert.Contains(IsoDayOfWeek.Sunday, eu.Earning.Campaigns[0].Weekdays);
        Assert.Equal(TierWindow.RollingMonths(6), eu.Tiers!.Window);
        Assert.Equal(Period.FromDays(14), eu.Tiers.Grace);
        Assert.Equal("America/New_York", provider.GetRequiredKeyedService<LoyaltyEngine>("us-shop").Program.TimeZone.Id);
    }

    [Fact]
    public async Task InvalidPrograms_StopTheHostAtStartUp_WithEveryProblemListed()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddLoyalty(o => o
            .AddProgram(b => { Shop(b, "ok"); b.PendingDays = -1; })
            .AddProgram(b => { Shop(b, "bad"); b.BaseCurrency = "EURO"; })
            .AddProgramJson("{ \"id\": \"x\", \"baseCurrency\": \"EUR\", \"colour\": \"blue\" }")).UseInMemory();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<ProgramValidationException>(() => host.StartAsync());
        Assert.Contains(error.Errors, e => e.StartsWith("program 1 (code): PendingDays", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("program 2 (code): BaseCurrency", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("program 3 (JSON):", StringComparison.Ordinal) && e.Contains("colour", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingStoreOrPrograms_AreClearErrors()
    {
        var noStore = new ServiceCollection();
        noStore.AddLoyalty(o => o.AddProgram(b => Shop(b)));
        using (var provider = noStore.BuildServiceProvider())
        {
            var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ILoyaltyEngines>());
            Assert.Contains("UseInMemory(), .UseSqlite(…) or .UsePostgreSql(…)", error.Message, StringComparison.Ordinal);
        }

        var noPrograms = new ServiceCollection();
        noPrograms.AddLoyalty().UseInMemory();
        using var empty = noPrograms.BuildServiceProvider();
        Assert.Contains(Assert.Throws<ProgramValidationException>(() => empty.GetRequiredService<ILoyaltyEngines>()).Errors, e => e.StartsWith("No program is configured", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UseSqlite_StoresInAFile_ThatOutlivesTheContainer()
    {
        var path = Path.Combine(Path.GetTempPath(), $"loyalty-di-{Guid.NewGuid():N}.db");
        try
        {
            ServiceProvider Build()
            {
                var services = new ServiceCollection();
                services.AddSingleton<IClock>(new FakeClock(Now));
                services.AddLoyalty(o => o.AddProgram(b => Shop(b))).UseSqlite(path);
                return services.BuildServiceProvider();
            }

            await using (var first = Build())
            {
                await first.GetRequiredService<LoyaltyEngine>().ExecuteAsync(Order("o-1"));
            }

            await using var second = Build();
            var balance = await second.GetRequiredService<LoyaltyEngine>().GetBalanceAsync(MemberId.From("ana"));
            Assert.Equal(Points.FromInt64(20), balance.Total);
        }
        finally
        {
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task Engines_LogThroughTheContainersLoggerFactory()
    {
        var provider = new ListLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Debug).AddProvider(provider));
        services.AddLoyalty(o => o.AddProgram(b => Shop(b))).UseInMemory();
        await using var container = services.BuildServiceProvider();

        await container.GetRequiredService<LoyaltyEngine>().ExecuteAsync(new RedeemCommand(MemberId.From("ana"), IdempotencyKey.From("r"), Points.FromInt64(10)));
        Assert.Contains(provider.Messages, m => m.Category == "Loyalty.Sdk" && m.Text.Contains("UnknownMember", StringComparison.Ordinal));
    }

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, string Text)> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, Messages);

        public void Dispose()
        {
        }

        private sealed class ListLogger(string category, ConcurrentQueue<(string, string)> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue((category, formatter(state, exception)));
        }
    }
}
