# The BEAM side of otp4j's remote workloads (io.otp4j.bench.scenario.RemoteScenarios): two nodes on 127.0.0.1
# with distribution as shipped. This node is the driver; it starts the peer (the same script with --peer) as an
# OS process, connects, drives the peer's counter and sink, and kills it by its OS pid (kill -KILL).
#
# Run (otp4j-bench/scenarios does it, and starts epmd on 127.0.0.1 first unless one runs):
#   elixir --name driver@127.0.0.1 --cookie COOKIE --erl "-kernel inet_dist_use_interface {127,0,0,1}" \
#       otp4j-bench/beam/remote.exs [--quick] [--only REGEX]
#
#   remote_call_rtt   one client, GenServer.call({:counter, peer}, {:increment, 1}), 1,000 calls a batch: ns a call
#   remote_call_64    64 clients, 6,400 calls a batch: calls a second
#   remote_cast       one client sends 10,000 casts to {:sink, peer}; the sink says when it has them all: casts a second
#   remote_nodedown   a new peer is killed; ns from the kill until {:nodedown, peer} and the monitor's
#                     {:DOWN, ..., :noconnection} have both arrived
#   cluster_register  one client registers 1,000 new unique names a batch with :global, each for a new process of
#                     its own (both nodes agree on each): names a second
#   cluster_lookup    :global.whereis_name of 1,000 names held by a process of the peer, 100 times over a batch (so
#                     that the batch's own hand-offs weigh little): ns a lookup
#   cluster_join      one client joins 1,000 new pg groups a batch (scope :pg on both nodes): joins a second
#   cluster_failover  a new peer holds 10,000 processes, each in its own pg group (findable from every node); it is
#                     killed, and a failover process of the driver that saw {:nodedown, peer} starts 10,000
#                     replacements and joins each to its group: ns from the kill until the last has joined. (With
#                     :global instead of pg, registering the 10,000 takes tens of seconds on two nodes here.)

Code.require_file("harness.exs", __DIR__)

defmodule Remote do
  import Bench.Harness

  @round_trips 1_000
  @callers 64
  @calls 6_400
  @casts 10_000
  @workloads ~w(remote_call_rtt remote_call_64 remote_cast remote_nodedown cluster_register cluster_lookup
                 cluster_join cluster_failover)
  @names 1_000
  @lookup_rounds 100
  @children 10_000
  @bound 120_000
  @dist_interface "-kernel inet_dist_use_interface {127,0,0,1}"

  def main(["--peer"]), do: peer()

  def main(args) do
    {opts, rest, invalid} = OptionParser.parse(args, strict: [quick: :boolean, only: :string])

    if rest != [] or invalid != [] do
      raise ArgumentError, "unknown arguments #{inspect(rest ++ invalid)}; usage: remote.exs [--quick] [--only REGEX]"
    end

    if not Node.alive?() do
      raise ArgumentError, "start the driver as a distributed node: elixir --name driver@127.0.0.1 --cookie C ..."
    end

    s = Map.put(settings(Keyword.get(opts, :quick, false)), :only, Regex.compile!(Keyword.get(opts, :only, "")))

    IO.puts("# beam remote, Elixir #{System.version()}, OTP #{System.otp_release()}, " <>
              "erts #{:erlang.system_info(:version)}, #{:erlang.system_info(:schedulers_online)} schedulers online")

    Process.put(:peers, 0)
    {:ok, _} = :pg.start(:pg)
    selected = Enum.filter(@workloads, &Regex.match?(s.only, &1))
    server = if Enum.any?(selected, &(&1 not in ["remote_nodedown", "cluster_failover"])), do: start_peer()
    for w <- selected, do: run(w, s, server)
    if server, do: stop_peer(server)
  end

  # ---------------------------------------------------------------- the workloads

  defp run("remote_call_rtt", s, peer) do
    clients = clients(1, fn _ -> Bench.Counter.increments({:counter, peer.node}, @round_trips) end)
    timed(s, "remote_call_rtt", @round_trips, fn -> batch(clients) end)
    Enum.each(clients, &Process.exit(&1, :kill))
  end

  defp run("remote_call_64", s, peer) do
    clients = clients(@callers, fn _ -> Bench.Counter.increments({:counter, peer.node}, div(@calls, @callers)) end)
    throughput(s, "remote_call_64", @calls, fn -> batch(clients) end)
    Enum.each(clients, &Process.exit(&1, :kill))
  end

  defp run("remote_cast", s, peer) do
    sink = {:sink, peer.node}

    clients =
      clients(1, fn _ ->
        send(sink, {:expect, @casts, self()})
        for _ <- 1..@casts, do: send(sink, :tick)

        receive do
          {:got, @casts} -> :ok
        after
          @bound -> raise "the sink did not get #{@casts} casts within #{div(@bound, 1000)} s"
        end
      end)

    throughput(s, "remote_cast", @casts, fn -> batch(clients) end)
    Enum.each(clients, &Process.exit(&1, :kill))
  end

  defp run("remote_nodedown", s, _server) do
    node_down_once()
    values = for _ <- 1..s.mailer_samples, do: iter("remote_nodedown", node_down_once(), "ns")
    result("remote_nodedown", values, "ns")
  end

  defp run("cluster_register", s, _peer) do
    clients =
      clients(1, fn _ ->
        base = Process.get(:next_name, 0)
        Process.put(:next_name, base + @names)
        # :global gives a process one name: each name has its own holder, linked to the client (killed with it)
        for i <- base..(base + @names - 1) do
          holder = spawn_link(fn -> receive(do: (:never -> :ok)) end)
          :yes = :global.register_name({:bench_name, i}, holder)
        end

        :ok
      end)

    throughput(s, "cluster_register", @names, fn -> batch(clients) end)
    Enum.each(clients, &Process.exit(&1, :kill))
  end

  defp run("cluster_lookup", s, peer) do
    holders = for _ <- 0..(@names - 1), do: :erpc.call(peer.node, Remote, :child, [], @bound)
    held = Enum.with_index(holders)
    for {h, i} <- held, do: :yes = :global.register_name({:bench_held, i}, h)

    clients =
      clients(1, fn _ ->
        for _ <- 1..@lookup_rounds, {h, i} <- held, do: ^h = :global.whereis_name({:bench_held, i})
        :ok
      end)

    timed(s, "cluster_lookup", @names * @lookup_rounds, fn -> batch(clients) end)
    Enum.each(clients, &Process.exit(&1, :kill))
    Enum.each(holders, &Process.exit(&1, :kill))
  end

  defp run("cluster_join", s, _peer) do
    clients =
      clients(1, fn _ ->
        base = Process.get(:next_group, 0)
        Process.put(:next_group, base + @names)
        for i <- base..(base + @names - 1), do: :ok = :pg.join({:bench_group, i}, self())
        :ok
      end)

    throughput(s, "cluster_join", @names, fn -> batch(clients) end)
    Enum.each(clients, &Process.exit(&1, :kill))
  end

  defp run("cluster_failover", s, _server) do
    failover_once()
    values = for _ <- 1..s.mailer_samples, do: iter("cluster_failover", failover_once(), "ns")
    result("cluster_failover", values, "ns")
  end

  # A new peer starts @children processes, each in its pg group; a failover process of the driver waits for the
  # peer's nodedown and then starts a replacement for each and joins it to the group. ns from the kill until the last
  # one has joined.
  defp failover_once do
    peer = start_peer()
    me = self()
    :ok = :erpc.call(peer.node, Remote, :start_children, [@children], @bound)

    spawn(fn ->
        :ok = :net_kernel.monitor_nodes(true)
        send(me, :armed)
        receive(do: ({:nodedown, n} when n == peer.node -> :ok), after: (@bound -> raise "no nodedown"))
        for i <- 0..(@children - 1), do: :ok = :pg.join({:bench_child, i}, child())
        send(me, {:failed_over, nanos()})
      end)

    receive(do: (:armed -> :ok), after: (@bound -> raise "the failover process did not arm"))
    killed = nanos()
    true = Port.command(killer(), "#{peer.os_pid}\n")
    done = receive(do: ({:failed_over, at} -> at), after: (@bound -> raise "no failover within the bound"))
    await_exit(peer)
    for i <- 0..(@children - 1), pid <- :pg.get_members({:bench_child, i}), do: Process.exit(pid, :kill)
    done - killed
  end

  # A child: a process that waits to be killed.
  def child, do: spawn(fn -> receive(do: (:never -> :ok)) end)

  # On the peer: n processes, each in its pg group, as a node's share of a cluster's supervised children.
  def start_children(n) do
    for i <- 0..(n - 1), do: :ok = :pg.join({:bench_child, i}, child())
    :ok
  end

  # A new peer; a watcher monitors its node and its sink; the peer is killed; ns from the kill until the watcher
  # has both the nodedown and the monitor's noconnection.
  defp node_down_once do
    peer = start_peer()
    me = self()

    watcher =
      spawn(fn ->
        :ok = :net_kernel.monitor_nodes(true)
        send({:sink, peer.node}, {:ping, self()})
        sink = receive(do: ({:pong, pid} -> pid), after: (@bound -> raise "no pong from #{peer.node}"))
        ref = Process.monitor(sink)
        send(me, :armed)
        nodedown_at = receive(do: ({:nodedown, n} when n == peer.node -> nanos()), after: (@bound -> raise "no nodedown"))
        down_at = receive(do: ({:DOWN, ^ref, :process, _, :noconnection} -> nanos()), after: (@bound -> raise "no DOWN"))
        send(me, {:seen, nodedown_at, down_at})
      end)

    receive(do: (:armed -> :ok), after: (@bound -> raise "the watcher of #{peer.node} did not arm"))
    killed = nanos()
    true = Port.command(killer(), "#{peer.os_pid}\n")
    {nodedown_at, down_at} = receive(do: ({:seen, a, b} -> {a, b}), after: (@bound -> raise "no node-down seen"))
    Process.exit(watcher, :kill)
    await_exit(peer)

    IO.puts("NOTE remote_nodedown: nodedown after #{us(nodedown_at - killed)} µs, DOWN noconnection after " <>
              "#{us(down_at - killed)} µs")

    max(nodedown_at, down_at) - killed
  end

  defp us(ns), do: div(ns, 1000)

  # A shell that kills each OS pid written to it with its builtin kill: no process is started at the kill, so the
  # time counted from it is the node's, not a fork's.
  defp killer do
    case Process.get(:killer) do
      nil ->
        port = Port.open({:spawn_executable, "/bin/sh"}, [:binary, args: ["-c", "while read p; do kill -KILL \"$p\"; done"]])
        Process.put(:killer, port)
        port

      port ->
        port
    end
  end

  # ---------------------------------------------------------------- the peer, another OS process

  defp start_peer do
    n = Process.get(:peers)
    Process.put(:peers, n + 1)
    node = :"peer#{n}@127.0.0.1"
    elixir = System.find_executable("elixir") || raise "elixir is not on the PATH"

    args = ["--name", Atom.to_string(node), "--cookie", Atom.to_string(Node.get_cookie()),
            "--erl", @dist_interface, __ENV__.file, "--peer"]

    port = Port.open({:spawn_executable, elixir}, [:binary, :exit_status, {:line, 4096}, args: args])
    {:os_pid, os_pid} = Port.info(port, :os_pid)
    peer = %{node: node, port: port, os_pid: os_pid}
    await_ready(peer)
    true = Node.connect(node)
    peer
  end

  defp await_ready(peer) do
    port = peer.port

    receive do
      {^port, {:data, {:eol, "READY"}}} -> :ok
      {^port, {:data, {_, line}}} -> IO.puts(:stderr, "peer: #{line}"); await_ready(peer)
      {^port, {:exit_status, status}} -> raise "peer #{peer.node} ended with status #{status} before it was ready"
    after
      60_000 -> stop_peer(peer); raise "peer #{peer.node} was not ready within 60 s"
    end
  end

  # Kills the peer by its OS pid and waits for its end.
  defp stop_peer(peer) do
    System.cmd("kill", ["-KILL", Integer.to_string(peer.os_pid)])
    await_exit(peer)
  end

  defp await_exit(peer) do
    port = peer.port

    receive do
      {^port, {:exit_status, _}} -> :ok
      {^port, {:data, _}} -> await_exit(peer)
    after
      10_000 -> IO.puts(:stderr, "peer #{peer.node} (OS pid #{peer.os_pid}) did not end within 10 s")
    end
  end

  # The peer: the counter and the sink, registered; it ends when its standard input closes (its driver is gone).
  defp peer do
    {:ok, _} = GenServer.start(Bench.Counter, :plain, name: :counter)
    {:ok, _} = :pg.start(:pg)
    Process.register(spawn(fn -> sink(-1, 0, nil) end), :sink)
    IO.puts("READY")
    wait_for_eof()
  end

  defp wait_for_eof do
    case IO.read(:stdio, :line) do
      :eof -> System.halt(0)
      {:error, _} -> System.halt(0)
      _ -> wait_for_eof()
    end
  end

  defp sink(expected, got, reply_to) do
    receive do
      {:expect, n, to} ->
        if n == 0, do: send(to, {:got, 0})
        sink(n, 0, to)

      :tick ->
        got = got + 1
        if got == expected, do: send(reply_to, {:got, got})
        sink(expected, got, reply_to)

      {:ping, to} ->
        send(to, {:pong, self()})
        sink(expected, got, reply_to)
    end
  end
end

Remote.main(System.argv())
