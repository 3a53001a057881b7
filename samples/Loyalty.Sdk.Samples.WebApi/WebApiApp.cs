using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Loyalty.Sdk.DependencyInjection;
using Loyalty.Sdk.Samples.WebApi.Security;
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
/// The composition of the sample: the loyalty services on SQLite, JWT bearer authentication with caller policies and
/// rate limits (<see cref="Security.LoyaltyAuth"/>), problem responses (<see cref="LoyaltyProblems"/>), and the
/// endpoints (<see cref="Endpoints"/>).
/// </summary>
public static class WebApiApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddLoyaltyAuth();
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

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapDevelopmentTokens();
        app.MapMemberEndpoints();
        app.MapProgramEndpoints();
        return app;
    }
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

/// <summary>A correction or goodwill credit (negative: a correction that debits).</summary>
public sealed record AdjustRequest(long Points, string Reason);

/// <summary>Units to add to a reward's stock (negative: remove available units).</summary>
public sealed record StockRequest(long Quantity);

/// <summary>A refund of a redemption (all of what is left when points are not given).</summary>
public sealed record RefundRequest(long? Points = null);
