using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Loyalty.Sdk.Samples.WebApi;

/// <summary>
/// Turns every exception into a problem response: the client's mistakes are 400 (naming what was wrong), state
/// conflicts 409, an unknown program 404, a store that failed 503 with Retry-After (and whether the command may have
/// committed: retry with the same Idempotency-Key). Client errors are logged at Debug without a stack trace; only a
/// 5xx is an error in the logs. Handled here, ASP.NET Core records no "unhandled exception" of its own.
/// </summary>
public sealed partial class LoyaltyProblems(IProblemDetailsService problems, ILogger<LoyaltyProblems> logger) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var extensions = new Dictionary<string, object?>();
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (StatusCodes.Status400BadRequest, "The request body is not valid.", Explain(bad)),
            ArgumentException argument => (StatusCodes.Status400BadRequest, "A value in the request is not valid.", argument.Message),
            KeyNotFoundException => (StatusCodes.Status404NotFound, "Unknown program.", exception.Message),
            LedgerStoreException store => (StatusCodes.Status503ServiceUnavailable, "The loyalty store is unavailable; try again.", Unavailable(store, extensions)),
            InvalidOperationException => (StatusCodes.Status409Conflict, "The request conflicts with the current state.", exception.Message),
            _ => (StatusCodes.Status500InternalServerError, "The request failed.", null),
        };

        if (status >= 500)
        {
            LogServerError(logger, status, httpContext.Request.Method, httpContext.Request.Path, exception);
        }
        else
        {
            LogClientError(logger, status, httpContext.Request.Method, httpContext.Request.Path, exception.GetType().Name, detail);
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "1";
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Extensions = extensions },
        });
    }

    /// <summary>A body that did not bind: the JSON error names the field (a missing required one, a wrong type).</summary>
    private static string Explain(BadHttpRequestException bad) => bad.InnerException is JsonException json
        ? $"{json.Message}"
        : bad.Message;

    private static string Unavailable(LedgerStoreException store, Dictionary<string, object?> extensions)
    {
        extensions["failure"] = store.Failure.ToString();
        extensions["mayHaveCommitted"] = store.MayHaveCommitted;
        return store.MayHaveCommitted
            ? "The command may have been recorded: send it again with the same Idempotency-Key to get its result."
            : "Nothing was recorded: send the command again.";
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Status} for {Method} {Path}: {Kind}: {Detail}")]
    private static partial void LogClientError(ILogger logger, int status, string method, string path, string kind, string? detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Status} for {Method} {Path}")]
    private static partial void LogServerError(ILogger logger, int status, string method, string path, Exception exception);
}
