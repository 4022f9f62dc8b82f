# The BEAM side of otp4j's side-by-side scenarios: the workloads of io.otp4j.bench.scenario (otp4j-bench/src/main/
# java/io/otp4j/bench/scenario) on GenServers of the same shapes, driven the same way, printing the same lines:
#
#   ITER   <workload> <value> <unit>     one measured iteration, sample or round
#   RESULT <workload> <median> <unit>    their median
#   FLOOD  sent=... accepted=... ...     the flood's account
#
# Run (otp4j-bench/scenarios does it, with +P for a million processes):
#   elixir --erl "+P 2000000" otp4j-bench/beam/scenarios.exs [--quick] [--group main|memory_idle|memory_hibernated|scaling|flood|all] [--only REGEX]
#
# The settings (iteration time, counts) and the timing are in harness.exs, shared with remote.exs.

Code.require_file("harness.exs", __DIR__)

defmodule Bench.RateLimiter do
  @moduledoc "The token bucket per key, the same as the examples' RateLimiter: bursts of capacity, refilled at per_second."
  use GenServer

  @impl true
  def init({capacity, per_second}), do: {:ok, {%{}, capacity * 1.0, per_second / 1.0e9}}

  @impl true
  def handle_call({:acquire, key}, _from, {buckets, capacity, per_nano}) do
    now = System.monotonic_time(:nanosecond)
    {tokens, at} = Map.get(buckets, key, {capacity, now})
    tokens = min(capacity, tokens + (now - at) * per_nano)
    {allowed, tokens} = if tokens >= 1, do: {true, tokens - 1}, else: {false, tokens}
    {:reply, allowed, {Map.put(buckets, key, {tokens, now}), capacity, per_nano}}
  end
end

defmodule Bench.Mailer do
  @moduledoc """
  The seed's Mailer. Sick: it delivers each mail in its handler. Cured: it hands each delivery to a task
  (Task.start) and goes straight back to its mailbox; several of them are chosen by key hash.
  """
  use GenServer

  @impl true
  def init({work_ms, tasks}), do: {:ok, {work_ms, tasks}}

  @impl true
  def handle_call({:urgent, _to}, _from, state), do: {:reply, true, state}

  @impl true
  def handle_cast({:deliver, to, reply_to}, {work_ms, tasks} = state) do
    job = fn ->
      Process.sleep(work_ms)
      send(reply_to, {:delivered, to})
    end

    if tasks, do: {:ok, _} = Task.start(job), else: job.()
    {:noreply, state}
  end
end

defmodule Bench.Flood do
  @moduledoc "The flooded server: spends work_ns of computation on each cast and counts them."
  use GenServer

  @impl true
  def init(work_ns), do: {:ok, {work_ns, 0}}

  @impl true
  def handle_cast(:job, {work_ns, n}) do
    Bench.spin(System.monotonic_time(:nanosecond) + work_ns)
    {:noreply, {work_ns, n + 1}}
  end

  @impl true
  def handle_call(:handled, _from, {_, n} = state), do: {:reply, n, state}
end

defmodule Bench.RequestClient do
  @moduledoc """
  A client that is a GenServer: on {:go, driver} it sends an increment request with :gen_server.send_request and
  takes each reply in handle_info (:gen_server.check_response), sending the next, until it has made its share.
  """
  use GenServer

  @impl true
  def init({server, each}), do: {:ok, %{server: server, each: each, left: 0, driver: nil, req: nil}}

  @impl true
  def handle_info({:go, driver}, s) do
    {:noreply, %{s | left: s.each, driver: driver, req: :gen_server.send_request(s.server, {:increment, 1})}}
  end

  def handle_info(msg, s) do
    case :gen_server.check_response(msg, s.req) do
      {:reply, _} when s.left > 1 ->
        {:noreply, %{s | left: s.left - 1, req: :gen_server.send_request(s.server, {:increment, 1})}}

      {:reply, _} ->
        send(s.driver, {:done, self(), :ok})
        {:noreply, %{s | left: 0, req: nil}}

      {:error, {reason, _server}} ->
        {:stop, reason, s}
    end
  end
end

defmodule Bench do
  import Bench.Harness

  @second 1_000_000_000
  @round_trip_calls 10_000
  @total_calls 64_000
  @casts 10_000
  @rate_checks 64_000
  @shards 8
  @starts 1_000
  @ring_size 1_000
  @ring_hops 1_000_000
  @mailer_jobs 100
  @mailer_work_ms 10
  @mailer_partitions 8
  @few_servers 10
  @flood_work_ns 10_000

  @main ~w(call_round_trip call_throughput_4 call_throughput_64 call_throughput_1000 request_throughput_64
           request_pooled_64 call_pooled_round_trip call_pooled_64 cast_throughput
           ratelimit_1 ratelimit_64 ratelimit_sharded_64 start start_pooled ring mailer_bottleneck mailer_cured)

  # Run again with a busy loop beside the node (the driver starts it), reported with the suffix "_contended".
  @contended ~w(call_round_trip call_throughput_64 ring)

  # Each memory workload is a group of its own, run in a fresh node: its figure is the node's first population.
  @memory ~w(memory_idle memory_hibernated)

  @keys List.to_tuple(for i <- 0..999, do: "user-#{i}")

  def main(args) do
    {opts, rest, invalid} = OptionParser.parse(args, strict: [quick: :boolean, group: :string, only: :string])

    if rest != [] or invalid != [] do
      raise ArgumentError,
            "unknown arguments #{inspect(rest ++ invalid)}; usage: scenarios.exs [--quick] [--group G] [--only REGEX]"
    end

    s = settings(Keyword.get(opts, :quick, false))
    only = Regex.compile!(Keyword.get(opts, :only, ""))
    s = Map.put(s, :only, only)

    IO.puts("# beam, Elixir #{System.version()}, OTP #{System.otp_release()}, erts #{:erlang.system_info(:version)}, " <>
              "#{:erlang.system_info(:schedulers_online)} schedulers online")

    case Keyword.get(opts, :group, "all") do
      "main" -> run_main(s)
      "contended" -> run_contended(s)
      memory when memory in @memory -> if selected?(s, memory), do: run(memory, s)
      "scaling" -> run_scaling(s)
      "flood" -> run_flood(s)
      "all" -> run_main(s); for(w <- @memory, selected?(s, w), do: run(w, s)); run_scaling(s); run_flood(s)
      other -> raise ArgumentError,
                     "unknown group #{other}: main, contended, memory_idle, memory_hibernated, scaling, flood or all"
    end
  end

  defp selected?(s, workload), do: Regex.match?(s.only, workload)

  defp run_main(s), do: for(w <- @main, selected?(s, w), do: run(w, s))

  defp run_contended(s) do
    reporting_as("_contended")
    for w <- @contended, selected?(s, w <> "_contended"), do: run(w, s)
  end

  # ---------------------------------------------------------------- the workloads

  defp run("call_round_trip" = name, s), do: round_trip(s, name)

  defp run("call_throughput_" <> n = name, s), do: calls(s, name, String.to_integer(n))

  # The BEAM's processes always run as otp4j's pooled servers do, and a call is a call: the same workloads.
  defp run("call_pooled_round_trip" = name, s), do: round_trip(s, name)

  defp run("call_pooled_" <> n = name, s), do: calls(s, name, String.to_integer(n))

  # The BEAM's processes always run as otp4j's pooled servers do: schedulers take the next process with work.
  defp run("request_pooled_" <> n = name, s), do: requests(s, name, String.to_integer(n))

  defp run("request_throughput_" <> n = name, s), do: requests(s, name, String.to_integer(n))

  defp run("cast_throughput", s) do
    server = Bench.Counter.start()

    clients =
      clients(1, fn _ ->
        casts(server, @casts)
        GenServer.call(server, :get)
      end)

    throughput(s, "cast_throughput", @casts, fn -> batch(clients) end)
    stop([server | clients])
  end

  defp run("ratelimit_" <> kind = name, s) do
    {callers, shards} =
      case kind do
        "1" -> {1, 1}
        "64" -> {64, 1}
        "sharded_64" -> {64, @shards}
      end

    limiters =
      List.to_tuple(for _ <- 1..shards, do: elem(GenServer.start(Bench.RateLimiter, {100, 1000.0}), 1))

    each = div(@rate_checks, callers)
    clients = clients(callers, fn c -> checks(limiters, c, each) end)
    throughput(s, name, @rate_checks, fn -> batch(clients) end)
    stop(Tuple.to_list(limiters) ++ clients)
  end

  # start and start_pooled: the BEAM's processes always run as otp4j's pooled servers do, so the same workload.
  defp run("start" <> _ = name, s) do
    clients =
      clients(1, fn _ ->
        t0 = nanos()
        pids = for _ <- 1..@starts, do: Bench.Counter.start()
        elapsed = nanos() - t0
        Enum.each(pids, &GenServer.stop/1)
        {:elapsed, elapsed}
      end)

    timed(s, name, @starts, fn -> batch(clients) end)
    stop(clients)
  end

  defp run("ring", s) do
    members = for _ <- 1..@ring_size, do: spawn(&ring_member/0)
    next = tl(members) ++ [hd(members)]
    Enum.zip(members, next) |> Enum.each(fn {m, n} -> send(m, {:next, n}) end)
    first = hd(members)

    timed(s, "ring", @ring_hops, fn ->
      t0 = nanos()
      send(first, {:token, @ring_hops - 1, self()})
      receive do
        {:ring_done, t1} -> t1 - t0
      end
    end)

    stop(members)
  end

  defp run("mailer_" <> kind = name, s) do
    cured = kind == "cured"
    partitions = if cured, do: @mailer_partitions, else: 1

    mailers =
      List.to_tuple(
        for _ <- 1..partitions, do: elem(GenServer.start(Bench.Mailer, {@mailer_work_ms, cured}), 1)
      )

    clients = clients(1, fn _ -> urgent_behind(mailers) end)
    sample = fn -> batch(clients) end
    sample.()

    values = for _ <- 1..s.mailer_samples, do: iter(name, sample.(), "ns")
    result(name, values, "ns")
    stop(Tuple.to_list(mailers) ++ clients)
  end

  defp run("memory_" <> kind = name, s) do
    start = if kind == "hibernated", do: fn -> Bench.Counter.start(:hibernate) end, else: &Bench.Counter.start/0
    result(name, [memory_round(name, s.memory_count, start, 1)], "B")
  end

  # One counter and its callers, each making its share of the calls in a row; measured per call or per batch.
  defp round_trip(s, name), do: counter_calls(s, name, 1, @round_trip_calls, &timed/4)

  defp calls(s, name, callers), do: counter_calls(s, name, callers, @total_calls, &throughput/4)

  defp counter_calls(s, name, callers, total, measure) do
    server = Bench.Counter.start()
    each = div(total, callers)
    clients = clients(callers, fn _ -> Bench.Counter.increments(server, each) end)
    measure.(s, name, total, fn -> batch(clients) end)
    stop([server | clients])
  end

  # 64 clients that are servers, each sending its next increment as the reply to the last comes in.
  defp requests(s, name, callers) do
    server = Bench.Counter.start()
    each = div(@total_calls, callers)
    clients = for _ <- 1..callers, do: elem(GenServer.start(Bench.RequestClient, {server, each}), 1)
    throughput(s, name, @total_calls, fn -> batch(clients) end)
    stop([server | clients])
  end

  defp casts(_server, 0), do: :ok

  defp casts(server, n) do
    GenServer.cast(server, {:add, 1})
    casts(server, n - 1)
  end

  defp checks(limiters, c, each), do: checks(limiters, tuple_size(limiters), c, 0, each)

  defp checks(_limiters, _n, _c, each, each), do: :ok

  defp checks(limiters, n, c, i, each) do
    key = elem(@keys, rem(c * 31 + i, 1000))
    GenServer.call(elem(limiters, :erlang.phash2(key, n)), {:acquire, key})
    checks(limiters, n, c, i + 1, each)
  end

  defp ring_member do
    receive do
      {:next, next} -> ring_loop(next)
    end
  end

  defp ring_loop(next) do
    receive do
      {:token, 0, driver} ->
        send(driver, {:ring_done, nanos()})
        ring_loop(next)

      {:token, n, driver} ->
        send(next, {:token, n - 1, driver})
        ring_loop(next)
    end
  end

  defp urgent_behind(mailers) do
    n = tuple_size(mailers)

    for i <- 0..(@mailer_jobs - 1) do
      to = elem(@keys, rem(i, 1000))
      GenServer.cast(elem(mailers, :erlang.phash2(to, n)), {:deliver, to, self()})
    end

    t0 = nanos()
    true = GenServer.call(elem(mailers, :erlang.phash2("urgent", n)), {:urgent, "urgent"})
    latency = nanos() - t0

    for _ <- 1..@mailer_jobs do
      receive do
        {:delivered, _} -> :ok
      after
        120_000 -> raise "deliveries not done within 2 minutes"
      end
    end

    {:latency, latency}
  end

  defp stop(pids) do
    for p <- pids, Process.alive?(p), do: Process.exit(p, :kill)
    :ok
  end

  def spin(deadline) do
    if System.monotonic_time(:nanosecond) < deadline, do: spin(deadline), else: :ok
  end

  # ---------------------------------------------------------------- memory

  # Bytes per server: count servers started by a process that then exits (so no list of pids is counted), the
  # growth of :erlang.memory(:processes) divided by count.
  defp memory_round(name, count, start, round) do
    baseline = MapSet.new(Process.list())
    settle()
    before = :erlang.memory(:processes)
    me = self()

    spawn(fn ->
      for _ <- 1..count, do: start.()
      send(me, :started)
    end)

    receive do
      :started -> :ok
    end

    servers = Enum.reject(Process.list(), &MapSet.member?(baseline, &1))
    settle()
    grown = :erlang.memory(:processes) - before
    per_server = grown / count

    IO.puts("round #{round}: #{count} servers (#{name}), processes memory grew #{grown} bytes, " <>
              "#{round(per_server)} bytes each")

    iter(name, per_server, "B")
    Enum.each(servers, &Process.exit(&1, :kill))
    wait_count(MapSet.size(baseline))
    per_server
  end

  defp settle do
    :erlang.garbage_collect()
    Process.sleep(200)
  end

  defp wait_count(n) do
    if :erlang.system_info(:process_count) > n do
      Process.sleep(50)
      wait_count(n)
    end
  end

  # ---------------------------------------------------------------- flat scaling

  defp run_scaling(s) do
    many = s.scaling_count

    if selected?(s, "scaling_#{@few_servers}") or selected?(s, "scaling_#{many}") do
      few = for _ <- 1..@few_servers, do: Bench.Counter.start()
      target = hd(few)
      clients = clients(1, fn _ -> Bench.Counter.increments(target, @round_trip_calls) end)
      timed(s, "scaling_#{@few_servers}", @round_trip_calls, fn -> batch(clients) end)
      t0 = nanos()
      me = self()

      spawn(fn ->
        for _ <- 1..(many - @few_servers), do: Bench.Counter.start()
        send(me, :started)
      end)

      receive do
        :started -> :ok
      end

      IO.puts("NOTE started #{many - @few_servers} idle servers in " <>
                "#{:erlang.float_to_binary((nanos() - t0) / @second, decimals: 1)} s " <>
                "(#{:erlang.system_info(:process_count)} processes alive)")

      timed(s, "scaling_#{many}", @round_trip_calls, fn -> batch(clients) end)
    end
  end

  # ---------------------------------------------------------------- the flood

  # The BEAM has no bounded mailbox: every cast is accepted, and the queue grows while the sender outruns the
  # server. The flood measures that growth, waits until the server has drained it, and accounts for every message.
  defp run_flood(s) do
    if selected?(s, "flood") do
      messages = s.flood_messages
      {:ok, server} = GenServer.start(Bench.Flood, @flood_work_ns)
      settle()
      before = :erlang.memory(:processes)
      me = self()

      spawn(fn ->
        t0 = nanos()
        for _ <- 1..messages, do: GenServer.cast(server, :job)
        send(me, {:sent, nanos() - t0})
      end)

      {send_ns, peak} = flood_watch(server, 0)
      grown = :erlang.memory(:processes) - before
      {:message_queue_len, queued_at_end} = Process.info(server, :message_queue_len)
      peak = max(peak, queued_at_end)
      handled = GenServer.call(server, :handled, :infinity)

      IO.puts("NOTE the BEAM has no bounded mailbox: all #{messages} casts were accepted, " <>
                "#{queued_at_end} were still queued when the sender finished")

      IO.puts("FLOOD sent=#{messages} accepted=#{messages} rejected=0 handled=#{handled} queued=0 " <>
                "peak_queue=#{peak} heap_growth=#{grown} send_ms=#{:erlang.float_to_binary(send_ns / 1.0e6, decimals: 1)} " <>
                "capacity=unbounded adds_up=#{handled == messages}")

      result("flood_heap_growth", [max(grown, 0)], "B")
      result("flood_peak_queue", [peak], "msgs")
      result("flood_send_rate", [messages * @second / send_ns], "ops/s")
      GenServer.stop(server)
    end
  end

  defp flood_watch(server, peak) do
    {:message_queue_len, len} = Process.info(server, :message_queue_len)
    peak = max(peak, len)

    receive do
      {:sent, ns} -> {ns, peak}
    after
      1 -> flood_watch(server, peak)
    end
  end
end

Bench.main(System.argv())
