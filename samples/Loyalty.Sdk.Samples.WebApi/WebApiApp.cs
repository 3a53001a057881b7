using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Loyalty.Sdk.DependencyInjection;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Ledger;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace Loyalty.Sdk.Samples.WebApi;

/// <summary>
/// The endpoints, under <c>/programs/{programId}/members/{memberId}</c>. Commands take their idempotency key from
/// the <c>Idempotency-Key</c> header (a retried request replays the first result). Bad input is a 400 problem;
/// a business rejection is a 422 problem with the typed reason (409 for key and concurrency conflicts).
/// </summary>
public static class WebApiApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<LoyaltyProblems>();

        // A body that does not bind throws, so the handler can say which field was wrong (by default it is a bare 400).
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);

            // A field the request types require is required on the wire: a missing orderedAt is a 400 naming it, not 1970.
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
            o.SerializerOptions.RespectNullableAnnotations = true;
        });
        var busy = builder.Configuration.GetValue<double?>("Loyalty:BusyTimeoutSeconds");
        builder.Services
            .AddLoyalty(o => o.AddProgramsFromConfiguration(builder.Configuration.GetSection("Loyalty:Programs")))
            .UseSqlite(builder.Configuration["Loyalty:Database"] ?? "loyalty-webapi.db", o => o.BusyTimeout = busy is { } seconds ? TimeSpan.FromSeconds(seconds) : o.BusyTimeout)
            .AddJobs();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();

        app.UseStatusCodePages(); // empty error responses (a body that does not bind) become problem details too

        var member = app.MapGroup("/programs/{programId}/members/{memberId}");
        member.MapPost("/orders", (string programId, string memberId, OrderRequest body, HttpRequest request, ILoyaltyEngines engines) =>
            Run(engines, programId, request, key => new EarnCommand(
                Ids.Member(memberId), key, Ids.Text(body.OrderId), body.OrderedAt,
                Ids.NoNulls(body.Lines, "lines").Select(l => new PurchaseLine(Ids.Text(l.LineId), Ids.Text(l.Sku), Ids.Text(l.Category), l.Units, Money.Of(l.UnitPrice, l.Currency))).ToArray())));
        member.MapPost("/orders/{orderId}/returns", (string programId, string memberId, string orderId, ReturnRequest body, HttpRequest request, ILoyaltyEngines engines) =>
            Run(engines, programId, request, key => new ReverseEarnCommand(Ids.Member(memberId), key, Ids.Text(orderId), Ids.NoNulls(body.Lines, "lines").Select(l => new ReturnedLine(Ids.Text(l.LineId), l.Units)).ToArray())));
        member.MapPost("/redemptions", (string programId, string memberId, RedeemRequest body, HttpRequest request, ILoyaltyEngines engines) =>
            Run(engines, programId, request, key => new RedeemCommand(Ids.Member(memberId), key, Points.FromInt64(body.Points), body.OrderId is null ? null : Ids.Text(body.OrderId))));
        member.MapPost("/redemptions/preview", (string programId, string memberId, RedeemRequest body, HttpRequest request, ILoyaltyEngines engines) =>
            Run(engines, programId, request, key => new RedeemCommand(Ids.Member(memberId), key, Points.FromInt64(body.Points), body.OrderId is null ? null : Ids.Text(body.OrderId)), preview: true));
        member.MapPost("/redemptions/{redemptionKey}/refunds", (string programId, string memberId, string redemptionKey, RefundRequest body, HttpRequest request, ILoyaltyEngines engines) =>
            Run(engines, programId, request, key => new RefundRedemptionCommand(Ids.Member(memberId), key, Ids.Key(redemptionKey), body.Points is { } p ? Points.FromInt64(p) : null)));
        member.MapGet("/balance", async (string programId, string memberId, string? asOf, ILoyaltyEngines engines) =>
            Results.Ok(Balance(await engines.Get(Ids.Text(programId)).GetBalanceAsync(Ids.Member(memberId), asOf is null ? null : ParseInstant(asOf, nameof(asOf))))));
        member.MapGet("/statement", async (string programId, string memberId, string from, string to, ILoyaltyEngines engines) =>
        {
            var statement = await engines.Get(Ids.Text(programId)).GetStatementAsync(Ids.Member(memberId), ParseInstant(from, nameof(from)), ParseInstant(to, nameof(to)));
            return Results.Ok(new
            {
                opening = Balance(statement.Opening),
                closing = Balance(statement.Closing),
                lines = statement.Lines.Select(l => new { at = l.At, kind = l.Kind.ToString(), amount = l.Amount.Value, orderId = l.Entry?.OrderId }),
            });
        });
        member.MapGet("/tier", async (string programId, string memberId, ILoyaltyEngines engines) =>
        {
            var status = await engines.Get(Ids.Text(programId)).GetTierAsync(Ids.Member(memberId));
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
        member.MapPost("/rewards/{rewardId}", (string programId, string memberId, string rewardId, HttpRequest request, ILoyaltyEngines engines) =>
            Run(engines, programId, request, key => new RedeemRewardCommand(Ids.Member(memberId), key, Ids.Text(rewardId))));
        member.MapPost("/claims/{claimKey}/fulfil", (string programId, string memberId, string claimKey, HttpRequest request, ILoyaltyEngines engines) =>
            Run(engines, programId, request, key => new FulfilRewardCommand(Ids.Member(memberId), key, Ids.Key(claimKey))));
        member.MapPost("/claims/{claimKey}/cancel", (string programId, string memberId, string claimKey, HttpRequest request, ILoyaltyEngines engines) =>
            Run(engines, programId, request, key => new CancelRewardCommand(Ids.Member(memberId), key, Ids.Key(claimKey))));
        member.MapPost("/vouchers/{code}", (string programId, string memberId, string code, HttpRequest request, ILoyaltyEngines engines) =>
            Run(engines, programId, request, key => new UseVoucherCommand(Ids.Member(memberId), key, Ids.Text(code))));
        member.MapGet("/claims", async (string programId, string memberId, ILoyaltyEngines engines) =>
            Results.Ok((await engines.Get(Ids.Text(programId)).GetClaimsAsync(Ids.Member(memberId))).Select(c => new
            {
                key = c.Key.Value,
                rewardId = c.RewardId,
                status = c.Status.ToString(),
                points = c.Points.Value,
                claimedAt = c.ClaimedAt,
                voucherCode = c.VoucherCode,
                voucherExpiresAt = c.VoucherExpiresAt,
            })));

        var program = app.MapGroup("/programs/{programId}");
        program.MapPost("/rewards/{rewardId}/stock", async (string programId, string rewardId, StockRequest body, ILoyaltyEngines engines) =>
        {
            var stock = await engines.Get(Ids.Text(programId)).AddStockAsync(Ids.Text(rewardId), body.Quantity);
            return Results.Ok(new { rewardId = stock.RewardId, total = stock.Total, reserved = stock.Reserved, confirmed = stock.Confirmed, available = stock.Available });
        });
        program.MapGet("/leaderboard", async (string programId, string from, string to, int? top, ILoyaltyEngines engines) =>
        {
            var period = new DateInterval(ParseDate(from, nameof(from)), ParseDate(to, nameof(to)));
            var board = await engines.Get(Ids.Text(programId)).GetLeaderboardAsync(period);
            return Results.Ok(new { members = board.Count, top = board.Top(top ?? 10).Select(r => new { rank = r.Rank, memberId = r.MemberId.Value, points = r.Points }) });
        });
        program.MapGet("/events", async (string programId, long? afterTx, long? afterPosition, int? max, ILoyaltyEngines engines) =>
        {
            var page = await engines.Get(Ids.Text(programId)).ReadEventsAsync(new EventCursor(afterTx ?? 0, afterPosition ?? 0), max ?? 100);
            // Each event serialises itself (System.Text.Json, "type" first); the cursor says where to read on.
            return Results.Text(
                "[" + string.Join(",", page.Select(e => $"{{\"cursor\":{{\"tx\":{e.Cursor.Transaction},\"position\":{e.Cursor.Position}}},\"event\":{e.Event.ToJson()}}}")) + "]",
                "application/json");
        });
        return app;
    }

    private static LocalDate ParseDate(string text, string name)
    {
        var result = NodaTime.Text.LocalDatePattern.Iso.Parse(text);
        return result.Success ? result.Value : throw new ArgumentException($"'{text}' is not an ISO 8601 date such as 2026-05-04.", name);
    }

    private static async Task<IResult> Run(ILoyaltyEngines engines, string programId, HttpRequest request, Func<IdempotencyKey, LedgerCommand> create, bool preview = false)
    {
        if (!request.Headers.TryGetValue("Idempotency-Key", out var header) || string.IsNullOrWhiteSpace(header))
        {
            return Results.Problem(title: "The Idempotency-Key header is required.", detail: "Send a key unique to this operation; a retry with the same key replays the first result.", statusCode: StatusCodes.Status400BadRequest);
        }

        var engine = engines.Get(Ids.Text(programId));
        var command = create(Ids.Key(header.ToString()));
        var result = preview ? await engine.PreviewAsync(command) : await engine.ExecuteAsync(command);
        var body = new
        {
            outcome = result.Outcome.ToString(),
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

/// <summary>An order to earn on.</summary>
public sealed record OrderRequest(string OrderId, Instant OrderedAt, IReadOnlyList<OrderLineRequest> Lines);

/// <summary>One order line.</summary>
public sealed record OrderLineRequest(string LineId, string Sku, string Category, int Units, decimal UnitPrice, string Currency);

/// <summary>A redemption.</summary>
public sealed record RedeemRequest(long Points, string? OrderId = null);

/// <summary>A return of order lines.</summary>
public sealed record ReturnRequest(IReadOnlyList<ReturnedLineRequest> Lines);

/// <summary>One returned line.</summary>
public sealed record ReturnedLineRequest(string LineId, int Units);

/// <summary>Units to add to a reward's stock (negative: remove available units).</summary>
public sealed record StockRequest(long Quantity);

/// <summary>A refund of a redemption (all of what is left when points are not given).</summary>
public sealed record RefundRequest(long? Points = null);
