// What one message between two processes costs on this machine: a ping-pong of 100-byte messages
// over a loopback TCP connection between this process and a child echoing them back, one in flight,
// as the hub's roles talk to Kafka, Redis and PostgreSQL at a low rate. Prints the round trip's wall
// time and each side's CPU (user and system) per round trip: the price of waking a process up to
// read one message and answer it, which every hop of a single event pays when nothing is batched.
//   npm run -s build && node dist/bench/tools/wakeup-cost.js [round trips, 20000]
import { fork } from 'node:child_process';
import { connect, createServer, type AddressInfo } from 'node:net';
import { processCpu } from '../lib/cpu';

if (process.argv[2] === 'echo') {
  const server = createServer((s) => s.on('data', (d) => s.write(d)));
  server.listen(0, '127.0.0.1', () => process.send!((server.address() as AddressInfo).port));
} else {
  const n = Number(process.argv[2] ?? 20_000);
  const echo = fork(__filename, ['echo']);
  echo.once('message', (port) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      const message = Buffer.alloc(100, 1);
      let done = 0;
      const echoBefore = processCpu(echo.pid!);
      const before = process.cpuUsage();
      const start = process.hrtime.bigint();
      socket.on('data', () => {
        if (++done < n) {
          socket.write(message);
          return;
        }
        const wallUs = Number(process.hrtime.bigint() - start) / 1e3 / n;
        const own = process.cpuUsage(before);
        const echoAfter = processCpu(echo.pid!);
        const us = (x: number) => (x / n).toFixed(1);
        console.log(`${n} round trips of 100 bytes over loopback TCP, one in flight:`);
        console.log(`  wall ${wallUs.toFixed(1)} µs a round trip`);
        console.log(`  sender CPU ${us(own.user + own.system)} µs a round trip (user ${us(own.user)}, system ${us(own.system)})`);
        console.log(`  echo CPU ${us((echoAfter.user - echoBefore.user + echoAfter.system - echoBefore.system) * 1e6)} µs a round trip (10 ms resolution)`);
        socket.destroy();
        echo.kill();
      });
      socket.write(message);
    });
  });
}
