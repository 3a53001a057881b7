using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Loyalty.Sdk.Storage.PostgreSql.Tests;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of the test server, whose app-side connections a test can cut while the
/// server-side ones stay open: the network failing between the app and the database, after a request was sent.
/// </summary>
internal sealed class LoopbackProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly ConcurrentBag<TcpClient> _clients = new();
    private readonly ConcurrentBag<TcpClient> _servers = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _accepting = Task.CompletedTask;

    private LoopbackProxy(string host, int port)
    {
        _host = host;
        _port = port;
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static Task<LoopbackProxy> StartAsync(string host, int port)
    {
        var proxy = new LoopbackProxy(host, port);
        proxy._listener.Start();
        proxy._accepting = proxy.AcceptAsync();
        return Task.FromResult(proxy);
    }

    /// <summary>Resets every app-side connection; the server side stays connected and keeps working.</summary>
    public void CutClients()
    {
        while (_clients.TryTake(out var client))
        {
            client.Client.LingerState = new LingerOption(true, 0); // a reset, as a failed network gives
            client.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CutClients();
        while (_servers.TryTake(out var server))
        {
            server.Close();
        }

        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var server = new TcpClient();
            await server.ConnectAsync(_host, _port, _stop.Token);
            _clients.Add(client);
            _servers.Add(server);
            _ = PumpAsync(client.GetStream(), server.GetStream());
            _ = PumpAsync(server.GetStream(), client.GetStream());
        }
    }

    private static async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read));
            }
        }
        catch (Exception ex) when (ex is System.IO.IOException or ObjectDisposedException or SocketException)
        {
            // One side went away: this direction ends.
        }
    }
}
