import type { Command } from 'commander';
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
          r.departments.map((d) => `${d.id.padEnd(20)} ${d.name}`).join('\n') || 'No departments.',
      );
    });
}
