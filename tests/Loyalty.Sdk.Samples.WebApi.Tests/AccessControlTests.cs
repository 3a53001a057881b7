using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Tasks;
using Loyalty.Sdk.DependencyInjection;
using Loyalty.Sdk.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace Loyalty.Sdk.Samples.WebApi.Tests;

/// <summary>
/// Access control over real HTTP with tokens signed by a test key: every endpoint × {anonymous, the member, another
/// member, the backend of this program, the backend of another program}, and the ledger unchanged after every refusal.
/// </summary>
public sealed class AccessControlTests : IAsyncLifetime
{
    private const string Members = "/programs/web-shop/members/";
    private SampleHost _host = null!;
    private HttpClient _backend = null!;
    private string _redemptionKey = string.Empty;
    private string _claimKey = string.Empty;
    private string _voucher = string.Empty;

    [Flags]
    private enum Admits
    {
        Backend = 1,
        Self = 2,
        AnyMember = 4,
    }

    public async Task InitializeAsync()
    {
        _host = await SampleHost.StartAsync();
        _backend = _host.Client(_host.Backend("shop-backend", "web-shop"));

        // A ledger to act on: ana has points, a redemption, a reserved mug and a coupon; bob has points too.
        await Send(_backend, HttpMethod.Post, Members + "ana/orders", "seed-a", Order("seed", 200m));
        await Send(_backend, HttpMethod.Post, Members + "bob/orders", "seed-b", Order("seed-b", 100m));
        await Send(_backend, HttpMethod.Post, "/programs/web-shop/rewards/mug/stock", "stock", new { quantity = 5 });
        _redemptionKey = (await Send(_backend, HttpMethod.Post, Members + "ana/redemptions", "seed-r", new { points = 20 })).Body.GetProperty("key").GetString()!;
        _claimKey = (await Send(_backend, HttpMethod.Post, Members + "ana/rewards/mug", "seed-mug", new { })).Body.GetProperty("key").GetString()!;
        await Send(_backend, HttpMethod.Post, Members + "ana/rewards/five-off", "seed-coupon", new { });
        var claims = await _backend.GetFromJsonAsync<JsonElement>(Members + "ana/claims");
        _voucher = claims.EnumerateArray().Single(c => c.GetProperty("rewardId").GetString() == "five-off").GetProperty("voucherCode").GetString()!;
    }

    public async Task DisposeAsync()
    {
        _backend.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task EveryEndpoint_AdmitsExactlyItsCallers_AndARefusalChangesNothing()
    {
        var callers = new (string Name, string? Token, Func<Admits, bool> Allowed)[]
        {
            ("anonymous", null, _ => false),
            ("the member", _host.Member("ana"), a => a.HasFlag(Admits.Self) || a.HasFlag(Admits.AnyMember)),
            ("another member", _host.Member("bob"), a => a.HasFlag(Admits.AnyMember)),
            ("this program's backend", _host.Backend("shop-backend", "web-shop"), a => a.HasFlag(Admits.Backend)),
            ("another program's backend", _host.Backend("other-backend", "other-shop"), _ => false),
            ("a member of another program", _host.Member("ana", "other-shop"), _ => false),
        };
        var checkedCount = 0;
        foreach (var (name, token, allowed) in callers)
        {
            using var client = _host.Client(token);
            var n = 0;
            foreach (var (method, path, body, admits) in Endpoints())
            {
                var before = await Snapshot();
                var (status, _) = await Send(client, method, path, $"{name}-{n++}", body);
                checkedCount++;
                if (allowed(admits))
                {
                    Assert.False(status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{name}: {method} {path} was refused with {(int)status}");
                    continue;
                }

                var expected = token is null ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
                Assert.True(status == expected, $"{name}: {method} {path} gave {(int)status}, not {(int)expected}");
                Assert.Equal(before, await Snapshot());
            }
        }

        Assert.Equal(6 * Endpoints().Count(), checkedCount);
    }

    [Fact]
    public async Task Tokens_ForgedExpiredOrFromAnotherIssuer_AreAnonymous()
    {
        var forged = _host.Mint("backend", "shop-backend", ["web-shop"], key: new SymmetricSecurityKey(new byte[32]));
        var expired = _host.Mint("backend", "shop-backend", ["web-shop"], expires: DateTime.UtcNow.AddMinutes(-5));
        var otherIssuer = _host.Mint("backend", "shop-backend", ["web-shop"], issuer: "someone-else");
        foreach (var token in new[] { forged, expired, otherIssuer, "not-a-jwt" })
        {
            using var client = _host.Client(token);
            var before = await Snapshot();
            Assert.Equal(HttpStatusCode.Unauthorized, (await Send(client, HttpMethod.Post, Members + "ana/adjustments", "forged", new { points = 1_000_000, reason = "x" })).Status);
            Assert.Equal(before, await Snapshot());
        }
    }

    [Fact]
    public async Task Leaderboard_ShowsMembersOnlyMasked_ExceptTheirOwnRow()
    {
        using var bob = _host.Client(_host.Member("bob"));
        using var response = await bob.GetAsync("/programs/web-shop/leaderboard?from=2000-01-01&to=2100-01-01");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("\"ana\"", text, StringComparison.Ordinal);
        var rows = JsonDocument.Parse(text).RootElement.GetProperty("top").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        var mine = Assert.Single(rows, r => r.GetProperty("you").GetBoolean());
        Assert.Equal("bob", mine.GetProperty("member").GetString());
        Assert.Equal("•••", rows.Single(r => !r.GetProperty("you").GetBoolean()).GetProperty("member").GetString());

        var asBackend = await _backend.GetFromJsonAsync<JsonElement>("/programs/web-shop/leaderboard?from=2000-01-01&to=2100-01-01");
        Assert.Contains(asBackend.GetProperty("top").EnumerateArray(), r => r.GetProperty("member").GetString() == "ana");
    }

    [Fact]
    public async Task IdempotencyKeys_AreBoundToTheCaller_SoOneCallersKeyNeverBlocksAnothers()
    {
        using var ana = _host.Client(_host.Member("ana"));

        // The member redeems with key "k"; the backend's adjustment for her with the same header key is another command.
        var (redeemed, redemption) = await Send(ana, HttpMethod.Post, Members + "ana/redemptions", "k", new { points = 10 });
        Assert.Equal(HttpStatusCode.OK, redeemed);
        var (adjusted, adjustment) = await Send(_backend, HttpMethod.Post, Members + "ana/adjustments", "k", new { points = 5, reason = "goodwill" });
        Assert.Equal(HttpStatusCode.OK, adjusted);
        Assert.NotEqual(redemption.GetProperty("key").GetString(), adjustment.GetProperty("key").GetString());
        Assert.Equal("Committed", adjustment.GetProperty("outcome").GetString());

        // Each caller's retry replays its own command.
        Assert.Equal("Replayed", (await Send(ana, HttpMethod.Post, Members + "ana/redemptions", "k", new { points = 10 })).Body.GetProperty("outcome").GetString());
        Assert.Equal("Replayed", (await Send(_backend, HttpMethod.Post, Members + "ana/adjustments", "k", new { points = 5, reason = "goodwill" })).Body.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task RateLimits_PerMemberOnSpending_AndPerServiceOnWrites_Answer429WithRetryAfter()
    {
        await using var host = await SampleHost.StartAsync(["--RateLimits:MemberSpendingPerMinute=3", "--RateLimits:BackendWritesPerMinute=4"]);
        using var backend = host.Client(host.Backend("shop-backend", "web-shop"));
        using var ana = host.Client(host.Member("ana"));
        using var bob = host.Client(host.Member("bob"));
        await Send(backend, HttpMethod.Post, Members + "ana/orders", "o1", Order("o1", 100m));
        await Send(backend, HttpMethod.Post, Members + "bob/orders", "o2", Order("o2", 100m));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await Send(ana, HttpMethod.Post, Members + "ana/redemptions", $"r{i}", new { points = 10 })).Status);
        }

        Assert.Equal(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }, statuses);
        using (var request = new HttpRequestMessage(HttpMethod.Post, Members + "ana/redemptions") { Content = JsonContent.Create(new { points = 10 }) })
        {
            request.Headers.Add("Idempotency-Key", "r9");
            using var limited = await ana.SendAsync(request);
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without Retry-After");
        }

        // The limit is per member: bob still redeems. The backend's writes have their own budget (2 used above).
        Assert.Equal(HttpStatusCode.OK, (await Send(bob, HttpMethod.Post, Members + "bob/redemptions", "b1", new { points = 10 })).Status);
        Assert.Equal(HttpStatusCode.OK, (await Send(backend, HttpMethod.Post, Members + "ana/adjustments", "a1", new { points = 1, reason = "x" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await Send(backend, HttpMethod.Post, Members + "ana/adjustments", "a2", new { points = 1, reason = "x" })).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Send(backend, HttpMethod.Post, Members + "ana/adjustments", "a3", new { points = 1, reason = "x" })).Status);
        var balance = await backend.GetFromJsonAsync<JsonElement>(Members + "ana/balance");
        Assert.Equal(200 - 30 + 2, balance.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task DevelopmentTokenIssuer_IsOffOutsideDevelopment_EvenWhenTheSettingAsksForIt()
    {
        var request = new { role = "backend", subject = "me", programs = new[] { "web-shop" } };
        await using (var production = await SampleHost.StartAsync(["--environment=Production", "--Auth:DevelopmentTokens=true"]))
        {
            using var client = production.Client();
            using var response = await client.PostAsJsonAsync("/dev/tokens", request);
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Unauthorized, $"{(int)response.StatusCode}");
            Assert.DoesNotContain("accessToken", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using var development = await SampleHost.StartAsync(["--environment=Development", "--Auth:DevelopmentTokens=true"]);
        using var anonymous = development.Client();
        using var minted = await anonymous.PostAsJsonAsync("/dev/tokens", request);
        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        var token = (await minted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        using var withToken = development.Client(token);
        Assert.Equal(HttpStatusCode.OK, (await withToken.GetAsync(Members + "ana/balance")).StatusCode);
    }

    /// <summary>Every endpoint, acting on ana of web-shop, with the callers it admits.</summary>
    private IEnumerable<(HttpMethod Method, string Path, object? Body, Admits Admits)> Endpoints()
    {
        var both = Admits.Self | Admits.Backend;
        var redemption = Uri.EscapeDataString(_redemptionKey);
        var claim = Uri.EscapeDataString(_claimKey);
        var day = Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        return
        [
            (HttpMethod.Post, Members + "ana/orders", Order("new", 10m), Admits.Backend),
            (HttpMethod.Post, Members + "ana/orders/seed/returns", new { lines = new[] { new { lineId = "1", units = 1 } } }, Admits.Backend),
            (HttpMethod.Post, Members + "ana/adjustments", new { points = 5, reason = "goodwill" }, Admits.Backend),
            (HttpMethod.Post, Members + $"ana/redemptions/{redemption}/refunds", new { points = 1 }, Admits.Backend),
            (HttpMethod.Post, Members + $"ana/claims/{claim}/fulfil", new { }, Admits.Backend),
            (HttpMethod.Post, Members + $"ana/claims/{claim}/cancel", new { }, Admits.Backend),
            (HttpMethod.Post, Members + "ana/redemptions", new { points = 10 }, both),
            (HttpMethod.Post, Members + "ana/redemptions/preview", new { points = 10 }, both),
            (HttpMethod.Post, Members + "ana/rewards/five-off", new { }, both),
            (HttpMethod.Post, Members + $"ana/vouchers/{Uri.EscapeDataString(_voucher)}", new { }, both),
            (HttpMethod.Get, Members + "ana/balance", null, both),
            (HttpMethod.Get, Members + $"ana/statement?from=2000-01-01T00:00:00Z&to={day}", null, both),
            (HttpMethod.Get, Members + "ana/tier", null, both),
            (HttpMethod.Get, Members + "ana/perks", null, both),
            (HttpMethod.Get, Members + "ana/claims", null, both),
            (HttpMethod.Post, "/programs/web-shop/rewards/mug/stock", new { quantity = 1 }, Admits.Backend),
            (HttpMethod.Post, "/programs/web-shop/jobs/daily", new { }, Admits.Backend),
            (HttpMethod.Get, "/programs/web-shop/leaderboard?from=2000-01-01&to=2100-01-01", null, Admits.AnyMember | Admits.Backend),
            (HttpMethod.Get, "/programs/web-shop/events", null, Admits.Backend),
        ];
    }

    /// <summary>What a refusal must not change: both members' accounts, the mug's stock, the outbox.</summary>
    private async Task<string> Snapshot()
    {
        var engine = _host.App.Services.GetRequiredService<ILoyaltyEngines>().Get("web-shop");
        var parts = new List<string>();
        foreach (var member in new[] { "ana", "bob" })
        {
            var account = await engine.GetAccountAsync(MemberId.From(member));
            parts.Add($"{member}:v{account.Version}:{(await engine.GetBalanceAsync(MemberId.From(member))).Total}:{(await engine.Rewards.GetClaimsAsync(MemberId.From(member))).Count}");
        }

        var stock = await engine.Rewards.GetStockAsync("mug");
        parts.Add($"mug:{stock.Total}/{stock.Reserved}/{stock.Confirmed}");
        parts.Add($"events:{(await engine.Events.ReadEventsAsync(EventCursor.Start, 10_000)).Count}");
        return string.Join(" ", parts);
    }

    /// <summary>Fixed per test, so that an order built twice is one payload (a retry sends the same body).</summary>
    private readonly string _orderedAt = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private object Order(string id, decimal price) => new
    {
        orderId = id,
        orderedAt = _orderedAt,
        lines = new[] { new { lineId = "1", sku = "s", category = "books", units = 2, unitPrice = price / 2, currency = "EUR" } },
    };

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Send(HttpClient client, HttpMethod method, string path, string key, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (method != HttpMethod.Get)
        {
            request.Content = JsonContent.Create(body ?? new { });
            request.Headers.Add("Idempotency-Key", key);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 && text[0] is '{' or '[' ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }
}
