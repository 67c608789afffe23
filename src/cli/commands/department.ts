import type { Command } from 'commander';
import { rotateDepartmentKey, setDepartmentEnabled } from '../../ca/credentials';
import { addDepartment, listDepartments } from '../../ca/departments';
import { lines, run, withCommonOptions, type CliContext } from '../context';

export function registerDepartment(program: Command, ctx: CliContext): void {
  const department = program.command('department').description('register and list departments');
  withCommonOptions(department.command('add <id>'))
    .description('register a department and print its API key once')
    .requiredOption('--name <name>', "the department's name, as it appears in its certificates")
    .action(async (id: string, o: { dataDir?: string; json?: boolean; name: string }) => {
      await run(
        ctx,
        o,
        (s) => addDepartment(s.deps, { id, name: o.name, actor: ctx.actor }),
        (d) =>
          `${lines([
            ['id', d.id],
            ['name', d.name],
          ])}\n\nAPI key (shown once, keep it secret): ${d.apiKey}`,
      );
    });
  withCommonOptions(department.command('list'))
    .description('list departments')
    .action(async (o: { dataDir?: string; json?: boolean }) => {
      await run(
        ctx,
        o,
        (s) => ({ departments: listDepartments(s.deps) }),
        (r) =>
          r.departments
            .map((d) => `${d.id.padEnd(20)} ${d.name}${d.disabledAt ? '  (disabled)' : ''}`)
            .join('\n') || 'No departments.',
      );
    });
  for (const [action, enabled] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    withCommonOptions(department.command(`${action} <id>`))
      .description(
        enabled
          ? 'enable a disabled department again'
          : 'disable a department: its API key is refused on every route until it is enabled',
      )
      .action(async (id: string, o: { dataDir?: string; json?: boolean }) => {
        await run(
          ctx,
          o,
          (s) => setDepartmentEnabled(s.deps, { id, enabled, actor: ctx.actor }),
          (d) =>
            `Department ${d.id} is ${d.disabledAt ? `disabled since ${d.disabledAt}` : 'enabled'}.`,
        );
      });
  }
  withCommonOptions(department.command('rotate-key <id>'))
    .description(
      "replace a department's API key: prints the new one once; the old one is refused at once",
    )
    .action(async (id: string, o: { dataDir?: string; json?: boolean }) => {
      await run(
        ctx,
        o,
        (s) => rotateDepartmentKey(s.deps, { id, actor: ctx.actor }),
        (r) => `New API key of ${r.id} (shown once, keep it secret): ${r.apiKey}`,
      );
    });
}
