using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Loyalty.Sdk.Samples.WebApi.Security;

/// <summary>
/// A token issuer for local development only: <c>POST /dev/tokens</c> mints a short-lived token signed with the first
/// of <c>Auth:SigningKeys</c>. It exists only when the environment is Development <b>and</b>
/// <c>Auth:DevelopmentTokens</c> is true; in any other environment the route is never mapped, whatever the settings say.
/// </summary>
public static class DevelopmentTokens
{
    /// <summary>Maps the development issuer, when (and only when) the host runs in the Development environment and the setting asks for it.</summary>
    /// <param name="app">The application.</param>
    /// <returns>Whether the issuer was mapped.</returns>
    public static bool MapDevelopmentTokens(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Environment.IsDevelopment() || !app.Configuration.GetValue<bool>("Auth:DevelopmentTokens"))
        {
            return false;
        }

        var auth = app.Configuration.GetSection("Auth");
        var key = LoyaltyAuth.SigningKeys(app.Configuration).FirstOrDefault()
            ?? throw new InvalidOperationException("Auth:DevelopmentTokens needs Auth:SigningKeys to sign with.");
        app.MapPost("/dev/tokens", (TokenRequest request) =>
        {
            if (request.Role is not (Callers.Backend or Callers.Member) || string.IsNullOrWhiteSpace(request.Subject) || request.Programs is not { Count: > 0 })
            {
                throw new ArgumentException("A token needs a role (backend or member), a subject and at least one program.", nameof(request));
            }

            var token = Mint(key, auth["Issuer"]!, auth["Audience"]!, request.Role, request.Subject, request.Programs, TimeSpan.FromMinutes(Math.Clamp(request.Minutes ?? 60, 1, 24 * 60)));
            return Results.Ok(new { accessToken = token, tokenType = "Bearer" });
        }).AllowAnonymous();
        return true;
    }

    /// <summary>Mints a signed token with the sample's claims.</summary>
    /// <param name="key">The signing key.</param>
    /// <param name="issuer">The issuer.</param>
    /// <param name="audience">The audience.</param>
    /// <param name="role">The role: backend or member.</param>
    /// <param name="subject">The subject: a service name or a member id.</param>
    /// <param name="programs">The programs the caller is scoped to.</param>
    /// <param name="lifetime">How long the token is valid.</param>
    /// <returns>The compact JWT.</returns>
    public static string Mint(SecurityKey key, string issuer, string audience, string role, string subject, IEnumerable<string> programs, TimeSpan lifetime)
    {
        var claims = new List<Claim> { new(Callers.SubjectClaim, subject), new(Callers.RoleClaim, role) };
        claims.AddRange(programs.Select(p => new Claim(Callers.ProgramClaim, p)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            Expires = DateTime.UtcNow.Add(lifetime),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}

/// <summary>A development token request.</summary>
/// <param name="Role">backend or member.</param>
/// <param name="Subject">The service name or member id.</param>
/// <param name="Programs">The programs.</param>
/// <param name="Minutes">The lifetime in minutes (1 to 1440; 60 by default).</param>
public sealed record TokenRequest(string Role, string Subject, IReadOnlyList<string> Programs, int? Minutes = null);
