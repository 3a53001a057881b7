using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Loyalty.Sdk.Samples.WebApi.Security;

/// <summary>
/// Authentication, authorization and rate limiting, configured from the <c>Auth</c> and <c>RateLimits</c> sections.
/// With no configuration every request is refused (401): the sample starts closed.
/// </summary>
public static class LoyaltyAuth
{
    /// <summary>The rate-limiting policy of member-spending endpoints (redemptions, rewards, vouchers), per member.</summary>
    public const string MemberSpending = "member-spending";

    /// <summary>The rate-limiting policy of backend writes, per service identity.</summary>
    public const string BackendWrites = "backend-writes";

    /// <summary>Registers JWT bearer authentication, the caller policies and the rate limiter.</summary>
    /// <param name="builder">The application builder.</param>
    public static void AddLoyaltyAuth(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var auth = builder.Configuration.GetSection("Auth");
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            // Claims keep their JWT names ("sub", "role", "program"), not the WS-* URIs of the default mapping.
            o.MapInboundClaims = false;
            if (auth["Authority"] is { Length: > 0 } authority)
            {
                // A real identity provider: its signing keys come from its OpenID Connect discovery document.
                o.Authority = authority;
                o.RequireHttpsMetadata = !builder.Environment.IsDevelopment();
            }

            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = auth["Issuer"],
                ValidAudience = auth["Audience"],
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                ValidateIssuerSigningKey = true,
                IssuerSigningKeys = SigningKeys(builder.Configuration),
                NameClaimType = Callers.SubjectClaim,
                RoleClaimType = Callers.RoleClaim,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
        });
        builder.Services.AddAuthorization(CallerPolicies.Add);

        var limits = builder.Configuration.GetSection("RateLimits");
        var memberPerMinute = limits.GetValue("MemberSpendingPerMinute", 20);
        var backendPerMinute = limits.GetValue("BackendWritesPerMinute", 12_000);
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return default;
            };

            // Per member acted upon (whoever calls for them), and per service identity for backend writes.
            o.AddPolicy(MemberSpending, http => RateLimitPartition.GetFixedWindowLimiter(
                $"{Ids.Loose(http.GetRouteValue("programId")).Length}:{Ids.Loose(http.GetRouteValue("programId"))}/{Ids.Loose(http.GetRouteValue("memberId"))}",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = memberPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.AddPolicy(BackendWrites, http => RateLimitPartition.GetFixedWindowLimiter(
                Callers.Subject(http.User) ?? string.Empty,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = backendPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
    }

    /// <summary>The symmetric signing keys (base64, at least 256 bits each) of a self-issued setup; none with an <c>Authority</c>.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The keys.</returns>
    public static IReadOnlyList<SecurityKey> SigningKeys(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var keys = new List<SecurityKey>();
        foreach (var (text, index) in configuration.GetSection("Auth:SigningKeys").GetChildren().Select((c, i) => (c.Value, i)))
        {
            var bytes = Convert.FromBase64String(text ?? string.Empty);
            if (bytes.Length < 32)
            {
                throw new InvalidOperationException($"Auth:SigningKeys:{index} must be at least 256 bits (32 bytes, base64).");
            }

            keys.Add(new SymmetricSecurityKey(bytes) { KeyId = $"key-{index}" });
        }

        return keys;
    }

    /// <summary>The caller's member-facing view of another member's id on the leaderboard: never the raw id.</summary>
    /// <param name="memberId">The member id.</param>
    /// <returns>The first two characters and a mask.</returns>
    public static string Mask(string memberId)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        var shown = new System.Globalization.StringInfo(memberId);
        return shown.LengthInTextElements <= 4 ? "•••" : shown.SubstringByTextElements(0, 2) + "•••";
    }
}
