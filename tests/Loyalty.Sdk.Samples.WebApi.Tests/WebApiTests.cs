using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Loyalty.Sdk.Samples.WebApi.Tests;

/// <summary>Starts the sample on 127.0.0.1 (see <see cref="SampleHost"/>) and calls it over real HTTP as the shop's backend.</summary>
public sealed partial class WebApiTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private SampleHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _host = await SampleHost.StartAsync(configure: builder => builder.Logging.AddProvider(_logs));

        // These tests act as the shop's backend of web-shop, which may do everything for its members.
        _http = _host.Client(_host.Backend("shop-backend", "web-shop"));
        _http.BaseAddress = new Uri(_host.Address, "/programs/web-shop/members/");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> Post(string path, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (key.Length > 0)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text.Length == 0 ? "null" : text).RootElement.Clone());
    }

    /// <summary>
    /// The test's start, as ISO 8601 with Z (as NodaTime writes instants). Fixed per test: a retry must send the same
    /// body, so an order built twice must not pick up a new second between the two.
    /// </summary>
    private readonly string _now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private object Order(string id, decimal price, string category = "books") => new
    {
        orderId = id,
        orderedAt = _now,
        lines = new[] { new { lineId = "1", sku = "sku-1", category, units = 1, unitPrice = price, currency = "EUR" } },
    };

    [Fact]
    public async Task Earn_IsIdempotentByHeader_AndAKeyReusedForAnotherPayloadIsAConflict()
    {
        var order = Order("1", 50m); // one payload: a retry must send the same body (the order time included)
        var (status, body) = await Post("ana/orders", "order-1", order);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Committed", body.GetProperty("outcome").GetString());
        Assert.Equal(100, body.GetProperty("balance").GetProperty("total").GetInt64()); // books × 2

        var (again, replay) = await Post("ana/orders", "order-1", order);
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal("Replayed", replay.GetProperty("outcome").GetString());

        var (conflict, problem) = await Post("ana/orders", "order-1", Order("1", 99m));
        Assert.Equal(HttpStatusCode.Conflict, conflict);
        Assert.Equal("IdempotencyConflict", problem.GetProperty("reason").GetString());

        var balance = await _http.GetFromJsonAsync<JsonElement>("ana/balance");
        Assert.Equal(100, balance.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task BadInput_IsAProblem400_AndRejectionsAreTyped422()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await Post("ana/orders", string.Empty, Order("1", 10m))).Status);

        using (var malformed = new StringContent("{ \"orderId\": ", Encoding.UTF8, "application/json"))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "ana/orders") { Content = malformed };
            request.Headers.Add("Idempotency-Key", "m-1");
            using var response = await _http.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var (invalid, problem) = await Post("ana/orders", "bad-units", new
        {
            orderId = "2",
            orderedAt = _now,
            lines = new[] { new { lineId = "1", sku = "s", category = "books", units = 0, unitPrice = 10m, currency = "EUR" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, invalid);
        Assert.Contains("units", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);

        var (rejected, reason) = await Post("bob/redemptions", "r-1", new { points = 50 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected);
        Assert.Equal("UnknownMember", reason.GetProperty("reason").GetString());

        // A program the caller is not the backend of is forbidden; only its own backend learns that it does not exist.
        using (var elsewhere = await _http.GetAsync("/programs/nope/members/ana/balance"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
        }

        using var ofNope = _host.Client(_host.Backend("nope-backend", "nope"));
        using var unknown = await ofNope.GetAsync("/programs/nope/members/ana/balance");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task ConcurrentRedemptions_AgainstOneAccount_NeverOverdraw()
    {
        Assert.Equal(HttpStatusCode.OK, (await Post("cara/orders", "seed", Order("seed", 100m))).Status); // 200 points
        var attempts = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Post("cara/redemptions", $"redeem-{i}", new { points = 10 })));

        Assert.Equal(20, attempts.Count(a => a.Status == HttpStatusCode.OK));
        Assert.Equal(20, attempts.Count(a => a.Status == HttpStatusCode.UnprocessableEntity && a.Body.GetProperty("reason").GetString() == "InsufficientPoints"));
        var balance = await _http.GetFromJsonAsync<JsonElement>("cara/balance");
        Assert.Equal(0, balance.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task ReturnsRefundsPreviewsStatementsAndTiers_WorkOverHttp()
    {
        await Post("dan/orders", "o-1", new
        {
            orderId = "o-1",
            orderedAt = _now,
            lines = new[]
            {
                new { lineId = "1", sku = "b", category = "books", units = 2, unitPrice = 150m, currency = "EUR" },
                new { lineId = "2", sku = "m", category = "music", units = 1, unitPrice = 250m, currency = "EUR" },
            },
        });
        var tier = await _http.GetFromJsonAsync<JsonElement>("dan/tier");
        Assert.Equal("gold", tier.GetProperty("tier").GetString()); // spend 550 ≥ 500

        var (previewStatus, preview) = await Post("dan/redemptions/preview", "p-1", new { points = 100 });
        Assert.Equal(HttpStatusCode.OK, previewStatus);
        Assert.Equal("Previewed", preview.GetProperty("outcome").GetString());

        var (redeemStatus, redemption) = await Post("dan/redemptions", "r-1", new { points = 100 });
        Assert.Equal(HttpStatusCode.OK, redeemStatus);

        // The redemption is stored under the key bound to its caller; the response says which, for the refund's path.
        var redemptionKey = redemption.GetProperty("key").GetString()!;
        Assert.EndsWith(":r-1", redemptionKey, StringComparison.Ordinal);
        var (refundStatus, refund) = await Post($"dan/redemptions/{Uri.EscapeDataString(redemptionKey)}/refunds", "refund-1", new { points = 40 });
        Assert.Equal(HttpStatusCode.OK, refundStatus);
        var (returnStatus, returned) = await Post("dan/orders/o-1/returns", "ret-1", new { lines = new[] { new { lineId = "1", units = 1 } } });
        Assert.Equal(HttpStatusCode.OK, returnStatus);
        Assert.Equal(850 - 100 + 40 - 300, returned.GetProperty("balance").GetProperty("total").GetInt64());

        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:ssZ"));
        var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-ddTHH:mm:ssZ"));
        var statement = await _http.GetFromJsonAsync<JsonElement>($"dan/statement?from={from}&to={to}");
        Assert.Equal(490, statement.GetProperty("closing").GetProperty("total").GetInt64());
        Assert.Equal(4, statement.GetProperty("lines").GetArrayLength()); // earn, redeem, refund, return (tier changes are not money lines)
    }

    [Fact]
    public async Task Rewards_StockReservationsVouchersLeaderboardAndEvents_OverHttp()
    {
        await Post("dana/orders", "seed-d", Order("d1", 50m)); // 100 points
        await Post("eve/orders", "seed-e", Order("e1", 40m));  // 80 points
        using (var stock = await _http.PostAsJsonAsync("/programs/web-shop/rewards/mug/stock", new { quantity = 1 }))
        {
            Assert.Equal(1, (await stock.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("available").GetInt64());
        }

        var (first, redeemed) = await Post("dana/rewards/mug", "mug-d", new { });
        Assert.Equal(HttpStatusCode.OK, first);
        Assert.Equal(40, redeemed.GetProperty("balance").GetProperty("available").GetInt64());
        var (second, problem) = await Post("eve/rewards/mug", "mug-e", new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second);
        Assert.Equal("RewardOutOfStock", problem.GetProperty("reason").GetString());
        var claimKey = Uri.EscapeDataString(redeemed.GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await Post($"dana/claims/{claimKey}/fulfil", "ship-d", new { })).Status);

        Assert.Equal(HttpStatusCode.OK, (await Post("eve/rewards/five-off", "coupon-e", new { })).Status);
        var claims = await _http.GetFromJsonAsync<JsonElement>("eve/claims");
        var code = claims[0].GetProperty("voucherCode").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await Post($"eve/vouchers/{code}", "use-1", new { })).Status);
        Assert.Equal("VoucherAlreadyUsed", (await Post($"eve/vouchers/{code}", "use-2", new { })).Body.GetProperty("reason").GetString());

        using (var tooMany = await _http.PostAsJsonAsync("/programs/web-shop/rewards/mug/stock", new { quantity = -1 }))
        {
            Assert.Equal(HttpStatusCode.Conflict, tooMany.StatusCode); // the only unit is confirmed: nothing to remove
        }

        var board = await _http.GetFromJsonAsync<JsonElement>($"/programs/web-shop/leaderboard?from=2000-01-01&to=2100-01-01&top=5");
        Assert.Equal(new[] { "dana", "eve" }, board.GetProperty("top").EnumerateArray().Select(r => r.GetProperty("member").GetString())); // the backend sees member ids

        var events = await _http.GetFromJsonAsync<JsonElement>("/programs/web-shop/events?max=100");
        var types = events.EnumerateArray().Select(e => e.GetProperty("event").GetProperty("type").GetString()).ToList();
        Assert.Equal(2, types.Count(t => t == "RewardRedeemed"));
        Assert.Equal(2, types.Count(t => t == "PointsRedeemed"));
        var last = events.EnumerateArray().Last().GetProperty("cursor");
        var after = await _http.GetFromJsonAsync<JsonElement>($"/programs/web-shop/events?afterTx={last.GetProperty("tx").GetInt64()}&afterPosition={last.GetProperty("position").GetInt64()}");
        Assert.Equal(0, after.GetArrayLength());
    }
}
