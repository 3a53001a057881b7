using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Loyalty.Sdk.Samples.WebApi.Tests;

/// <summary>The boundary: required fields, null elements, amounts past the bounds, Unicode ids, a busy store, and quiet logs for client errors.</summary>
public sealed partial class WebApiTests
{
    [Fact]
    public async Task MissingOrderedAt_IsA400NamingIt_AndNothingChanges()
    {
        var (status, problem) = await Post("dora/orders", "o-1", new
        {
            orderId = "1",
            lines = new[] { new { lineId = "1", sku = "s", category = "books", units = 1, unitPrice = 10m, currency = "EUR" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("orderedAt", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await _http.GetFromJsonAsync<JsonElement>("dora/balance")).GetProperty("total").GetInt64());

        var (missingPoints, _) = await Post("dora/redemptions", "r-1", new { orderId = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, missingPoints);
    }

    [Fact]
    public async Task NullLines_AndAmountsPastTheBounds_AreProblems_AndNothingChanges()
    {
        using (var content = new StringContent($"{{\"orderId\":\"1\",\"orderedAt\":\"{_now}\",\"lines\":[null]}}", Encoding.UTF8, "application/json"))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "eve/orders") { Content = content };
            request.Headers.Add("Idempotency-Key", "null-line");
            using var response = await _http.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("lines[0]", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Units × price past decimal's range: the unit price bound refuses it as a bad value.
        var (tooDear, _) = await Post("eve/orders", "dear", new
        {
            orderId = "2",
            orderedAt = _now,
            lines = new[] { new { lineId = "1", sku = "s", category = "books", units = int.MaxValue, unitPrice = 79_000_000_000_000_000_000m, currency = "EUR" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, tooDear);

        // The adversarial order of the report: 10^9 units at 6·10^9 EUR would earn 6·10^18 points. A typed rejection now.
        var (huge, rejection) = await Post("eve/orders", "huge", new
        {
            orderId = "3",
            orderedAt = _now,
            lines = new[] { new { lineId = "1", sku = "s", category = "music", units = 1_000_000_000, unitPrice = 6_000_000_000m, currency = "EUR" } },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, huge);
        Assert.Equal("LimitExceeded", rejection.GetProperty("reason").GetString());
        Assert.Equal(0, (await _http.GetFromJsonAsync<JsonElement>("eve/balance")).GetProperty("total").GetInt64());
        using var leaderboard = await _http.GetAsync("/programs/web-shop/leaderboard?from=0001-01-01&to=9999-12-31");
        Assert.Equal(HttpStatusCode.OK, leaderboard.StatusCode);
    }

    [Fact]
    public async Task MemberIds_AreUnicodeNormalised_ComposedAndDecomposedAreOneMember()
    {
        Assert.Equal(HttpStatusCode.OK, (await Post("caf\u00e9/orders", "nfc-1", Order("nfc-1", 10m))).Status);
        Assert.Equal(HttpStatusCode.OK, (await Post("cafe\u0301/orders", "nfc-2", Order("nfc-2", 5m))).Status);
        var composed = await _http.GetFromJsonAsync<JsonElement>("caf\u00e9/balance");
        var decomposed = await _http.GetFromJsonAsync<JsonElement>("cafe\u0301/balance");
        Assert.Equal(30, composed.GetProperty("total").GetInt64());
        Assert.Equal(30, decomposed.GetProperty("total").GetInt64());

        // The same key sent in either form is the same key.
        Assert.Equal("Replayed", (await Post("caf\u00e9/orders", "nfc-2", Order("nfc-2", 5m))).Body.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task StoreBusy_IsA503WithRetryAfter_SayingNothingWasRecorded_AndTheRetryCommits()
    {
        using var other = new SqliteConnection($"Data Source={_host.Database};Pooling=False");
        other.Open();
        var hold = other.BeginTransaction(deferred: false);
        using (var request = new HttpRequestMessage(HttpMethod.Post, "finn/orders") { Content = JsonContent.Create(Order("busy", 10m)) })
        {
            request.Headers.Add("Idempotency-Key", "busy-1");
            using var response = await _http.SendAsync(request);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("Busy", problem.GetProperty("failure").GetString());
            Assert.False(problem.GetProperty("mayHaveCommitted").GetBoolean());
        }

        hold.Rollback();
        hold.Dispose();
        Assert.Equal(HttpStatusCode.OK, (await Post("finn/orders", "busy-1", Order("busy", 10m))).Status);
    }

    [Fact]
    public async Task ClientErrors_AreNotLoggedAsErrors_WithStackTraces()
    {
        await Post("gus/orders", string.Empty, Order("1", 10m));
        await Post("gus/orders", "bad", new { orderId = "1", lines = Array.Empty<object>() });
        await Post("gus/redemptions", "r", new { points = -5 });
        using (await _http.GetAsync("/programs/nope/members/gus/balance"))
        {
        }

        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.DoesNotContain(_logs.Entries, e => e.Exception is not null && e.Level >= LogLevel.Warning);
    }

    /// <summary>Keeps every log entry the app writes, to assert on levels.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                provider.Entries.Enqueue((category, logLevel, formatter(state, exception), exception));
        }
    }
}
