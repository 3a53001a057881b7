using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Claims;
using System.Threading.Tasks;
using Loyalty.Sdk.DependencyInjection;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Samples.WebApi.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;

namespace Loyalty.Sdk.Samples.WebApi;

/// <summary>
/// The endpoints. Each names its caller policy (<see cref="CallerPolicies"/>) and, for writes, its rate limit; none
/// checks access itself. Commands take their idempotency key from the <c>Idempotency-Key</c> header, bound to the
/// caller (<see cref="Callers.BindKey"/>): a retried request replays the first result. Bad input is a 400 problem; a
/// business rejection is a 422 problem with the typed reason (409 for key and concurrency conflicts).
/// </summary>
public static class Endpoints
{
    /// <summary>The longest client key accepted in the header.</summary>
    public const int MaxClientKeyLength = 200;

    /// <summary>Maps the endpoints under <c>/programs/{programId}/members/{memberId}</c>.</summary>
    /// <param name="app">The routes.</param>
    public static void MapMemberEndpoints(this IEndpointRouteBuilder app)
    {
        var member = app.MapGroup("/programs/{programId}/members/{memberId}");
        var backend = member.MapGroup(string.Empty).RequireAuthorization(CallerPolicies.Backend).RequireRateLimiting(LoyaltyAuth.BackendWrites);
        var selfOrBackend = member.MapGroup(string.Empty).RequireAuthorization(CallerPolicies.MemberSelfOrBackend);
        var spending = member.MapGroup(string.Empty).RequireAuthorization(CallerPolicies.MemberSelfOrBackend).RequireRateLimiting(LoyaltyAuth.MemberSpending);

        backend.MapPost("/orders", (string programId, string memberId, OrderRequest body, HttpContext http, ILoyaltyEngines engines) =>
            Run(engines, programId, http, key => new EarnCommand(
                Ids.Member(memberId), key, Ids.Text(body.OrderId), body.OrderedAt,
                Ids.NoNulls(body.Lines, "lines").Select(l => new PurchaseLine(Ids.Text(l.LineId), Ids.Text(l.Sku), Ids.Text(l.Category), l.Units, Money.Of(l.UnitPrice, l.Currency))).ToArray())));
        backend.MapPost("/orders/{orderId}/returns", (string programId, string memberId, string orderId, ReturnRequest body, HttpContext http, ILoyaltyEngines engines) =>
            Run(engines, programId, http, key => new ReverseEarnCommand(Ids.Member(memberId), key, Ids.Text(orderId), Ids.NoNulls(body.Lines, "lines").Select(l => new ReturnedLine(Ids.Text(l.LineId), l.Units)).ToArray())));
        backend.MapPost("/adjustments", (string programId, string memberId, AdjustRequest body, HttpContext http, ILoyaltyEngines engines) =>
            Run(engines, programId, http, key => new AdjustCommand(Ids.Member(memberId), key, Points.FromInt64(body.Points), body.Reason)));
        backend.MapPost("/redemptions/{redemptionKey}/refunds", (string programId, string memberId, string redemptionKey, RefundRequest body, HttpContext http, ILoyaltyEngines engines) =>
            Run(engines, programId, http, key => new RefundRedemptionCommand(Ids.Member(memberId), key, Ids.PathKey(redemptionKey), body.Points is { } p ? Points.FromInt64(p) : null)));
        backend.MapPost("/claims/{claimKey}/fulfil", (string programId, string memberId, string claimKey, HttpContext http, ILoyaltyEngines engines) =>
            Run(engines, programId, http, key => new FulfilRewardCommand(Ids.Member(memberId), key, Ids.PathKey(claimKey))));
        backend.MapPost("/claims/{claimKey}/cancel", (string programId, string memberId, string claimKey, HttpContext http, ILoyaltyEngines engines) =>
            Run(engines, programId, http, key => new CancelRewardCommand(Ids.Member(memberId), key, Ids.PathKey(claimKey))));

        spending.MapPost("/redemptions", (string programId, string memberId, RedeemRequest body, HttpContext http, ILoyaltyEngines engines) =>
            Run(engines, programId, http, key => new RedeemCommand(Ids.Member(memberId), key, Points.FromInt64(body.Points), body.OrderId is null ? null : Ids.Text(body.OrderId))));
        spending.MapPost("/rewards/{rewardId}", (string programId, string memberId, string rewardId, HttpContext http, ILoyaltyEngines engines) =>
            Run(engines, programId, http, key => new RedeemRewardCommand(Ids.Member(memberId), key, Ids.Text(rewardId))));
        spending.MapPost("/vouchers/{code}", (string programId, string memberId, string code, HttpContext http, ILoyaltyEngines engines) =>
            Run(engines, programId, http, key => new UseVoucherCommand(Ids.Member(memberId), key, Ids.Text(code))));

        selfOrBackend.MapPost("/redemptions/preview", (string programId, string memberId, RedeemRequest body, HttpContext http, ILoyaltyEngines engines) =>
            Run(engines, programId, http, key => new RedeemCommand(Ids.Member(memberId), key, Points.FromInt64(body.Points), body.OrderId is null ? null : Ids.Text(body.OrderId)), preview: true));
        selfOrBackend.MapGet("/balance", async (string programId, string memberId, string? asOf, ILoyaltyEngines engines) =>
            Results.Ok(Balance(await Engine(engines, programId).GetBalanceAsync(Ids.Member(memberId), asOf is null ? null : ParseInstant(asOf, nameof(asOf))))));
        selfOrBackend.MapGet("/statement", async (string programId, string memberId, string from, string to, ILoyaltyEngines engines) =>
        {
            var statement = await Engine(engines, programId).Reports.GetStatementAsync(Ids.Member(memberId), ParseInstant(from, nameof(from)), ParseInstant(to, nameof(to)));
            return Results.Ok(new
            {
                opening = Balance(statement.Opening),
                closing = Balance(statement.Closing),
                lines = statement.Lines.Select(l => new { at = l.At, kind = l.Kind.ToString(), amount = l.Amount.Value, orderId = l.Entry?.OrderId }),
            });
        });
        selfOrBackend.MapGet("/tier", async (string programId, string memberId, ILoyaltyEngines engines) =>
        {
            var status = await Engine(engines, programId).Tiers.GetTierAsync(Ids.Member(memberId));
            return Results.Ok(new
            {
                tier = status.Tier.Id,
                since = status.Since,
                qualifying = status.Qualifying,
                nextTier = status.NextTier?.Id,
                neededForNextTier = status.NeededForNextTier,
                nextTierBy = status.NextTierBy,
                neededToKeep = status.NeededToKeep,
                keepBy = status.KeepBy,
            });
        });
        selfOrBackend.MapGet("/perks", async (string programId, string memberId, ILoyaltyEngines engines) =>
        {
            var perks = await Engine(engines, programId).Tiers.GetPerksAsync(Ids.Member(memberId));
            return Results.Ok(new { tier = perks.TierId, perks = perks.Perks.Select(p => new { id = p.Id, kind = p.Kind.ToString(), value = p.Value, description = p.Description }) });
        });
        selfOrBackend.MapGet("/claims", async (string programId, string memberId, ILoyaltyEngines engines) =>
            Results.Ok((await Engine(engines, programId).Rewards.GetClaimsAsync(Ids.Member(memberId))).Select(c => new
            {
                key = c.Key.Value,
                rewardId = c.RewardId,
                status = c.Status.ToString(),
                points = c.Points.Value,
                claimedAt = c.ClaimedAt,
                voucherCode = c.VoucherCode,
                voucherExpiresAt = c.VoucherExpiresAt,
            })));
    }

    /// <summary>Maps the program-wide endpoints under <c>/programs/{programId}</c>.</summary>
    /// <param name="app">The routes.</param>
    public static void MapProgramEndpoints(this IEndpointRouteBuilder app)
    {
        var program = app.MapGroup("/programs/{programId}");
        program.MapPost("/rewards/{rewardId}/stock", async (string programId, string rewardId, StockRequest body, ILoyaltyEngines engines) =>
        {
            var stock = await Engine(engines, programId).Rewards.AddStockAsync(Ids.Text(rewardId), body.Quantity);
            return Results.Ok(new { rewardId = stock.RewardId, total = stock.Total, reserved = stock.Reserved, confirmed = stock.Confirmed, available = stock.Available });
        }).RequireAuthorization(CallerPolicies.Backend).RequireRateLimiting(LoyaltyAuth.BackendWrites);
        program.MapPost("/jobs/daily", async (string programId, ILoyaltyEngines engines) =>
        {
            var run = await Engine(engines, programId).Jobs.RunExpiryAsync();
            return Results.Ok(new { accountsScanned = run.AccountsScanned, entriesWritten = run.EntriesWritten, pointsExpired = run.PointsExpired.Value, tierChanges = run.TierChanges });
        }).RequireAuthorization(CallerPolicies.Backend).RequireRateLimiting(LoyaltyAuth.BackendWrites);
        program.MapGet("/leaderboard", async (string programId, string from, string to, int? top, HttpContext http, ILoyaltyEngines engines) =>
        {
            var period = new DateInterval(ParseDate(from, nameof(from)), ParseDate(to, nameof(to)));
            var board = await Engine(engines, programId).Reports.GetLeaderboardAsync(period);

            // The backend sees member ids; a member sees ranks, points, their own row marked, and everyone else masked.
            var raw = Callers.IsBackendOf(http.User, programId);
            var me = Callers.Subject(http.User);
            return Results.Ok(new
            {
                members = board.Count,
                top = board.Top(Math.Clamp(top ?? 10, 1, 1000)).Select(r => new
                {
                    rank = r.Rank,
                    member = raw || r.MemberId.Value == me ? r.MemberId.Value : LoyaltyAuth.Mask(r.MemberId.Value),
                    you = !raw && r.MemberId.Value == me,
                    points = r.Points,
                }),
            });
        }).RequireAuthorization(CallerPolicies.ProgramMembers);
        program.MapGet("/events", async (string programId, long? afterTx, long? afterPosition, int? max, ILoyaltyEngines engines) =>
        {
            var page = await Engine(engines, programId).Events.ReadEventsAsync(new EventCursor(afterTx ?? 0, afterPosition ?? 0), Math.Clamp(max ?? 100, 1, 1000));

            // Each event serialises itself (System.Text.Json, "type" first); the cursor says where to read on.
            return Results.Text(
                "[" + string.Join(",", page.Select(e => $"{{\"cursor\":{{\"tx\":{e.Cursor.Transaction},\"position\":{e.Cursor.Position}}},\"event\":{e.Event.ToJson()}}}")) + "]",
                "application/json");
        }).RequireAuthorization(CallerPolicies.Backend);
    }

    private static LoyaltyEngine Engine(ILoyaltyEngines engines, string programId) => engines.Get(Ids.Text(programId));

    private static async Task<IResult> Run(ILoyaltyEngines engines, string programId, HttpContext http, Func<IdempotencyKey, LedgerCommand> create, bool preview = false)
    {
        if (!http.Request.Headers.TryGetValue("Idempotency-Key", out var header) || string.IsNullOrWhiteSpace(header) || header.ToString().Length > MaxClientKeyLength)
        {
            return Results.Problem(title: "The Idempotency-Key header is required.", detail: $"Send a key (at most {MaxClientKeyLength} characters) unique to this operation; a retry with the same key replays the first result.", statusCode: StatusCodes.Status400BadRequest);
        }

        var engine = Engine(engines, programId);
        var key = Ids.Key(Callers.BindKey(http.User, header.ToString()));
        var command = create(key);
        var result = preview ? await engine.PreviewAsync(command) : await engine.ExecuteAsync(command);
        var body = new
        {
            outcome = result.Outcome.ToString(),
            key = key.Value,
            version = result.Version,
            balance = Balance(result.Balance),
            entries = result.Entries.Select(e => new { sequence = e.Sequence, kind = e.Kind.ToString(), amount = e.Amount.Value, at = e.At, tier = e.Tier }),
        };
        if (result.Rejection is not { } rejection)
        {
            return Results.Ok(body);
        }

        var status = rejection.Reason is RejectionReason.IdempotencyConflict or RejectionReason.ConcurrencyConflict
            ? StatusCodes.Status409Conflict
            : StatusCodes.Status422UnprocessableEntity;
        return Results.Problem(
            title: rejection.Reason.ToString(),
            detail: rejection.Message,
            statusCode: status,
            extensions: new Dictionary<string, object?> { ["reason"] = rejection.Reason.ToString(), ["balance"] = body.balance });
    }

    private static LocalDate ParseDate(string text, string name)
    {
        var result = NodaTime.Text.LocalDatePattern.Iso.Parse(text);
        return result.Success ? result.Value : throw new ArgumentException($"'{text}' is not an ISO 8601 date such as 2026-05-04.", name);
    }

    /// <summary>An ISO 8601 instant from a query string, such as <c>2026-05-04T10:00:00Z</c>.</summary>
    private static Instant ParseInstant(string text, string name)
    {
        var result = NodaTime.Text.InstantPattern.ExtendedIso.Parse(text);
        return result.Success ? result.Value : throw new ArgumentException($"'{text}' is not an ISO 8601 instant such as 2026-05-04T10:00:00Z.", name);
    }

    private static object Balance(AccountBalance balance) => new
    {
        asOf = balance.AsOf,
        total = balance.Total.Value,
        available = balance.Available.Value,
        pending = balance.Pending.Value,
        debt = balance.Debt.Value,
    };
}
