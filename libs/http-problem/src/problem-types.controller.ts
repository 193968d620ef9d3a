import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ProblemException } from './problem.exception';
import { isProblemType, PROBLEM_TYPE_SLUGS, PROBLEM_TYPES, ProblemType, problemTypeUri, PROBLEMS_PATH } from './problem-types';

/** One problem type as JSON: what GET /problems lists and GET /problems/{type} answers to Accept: application/json. */
export function problemTypeJson(type: ProblemType) {
  const doc = PROBLEM_TYPES[type];
  return { type: problemTypeUri(type), title: doc.title, statuses: [...doc.statuses], description: doc.description, action: doc.action };
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** The docs' `code` spans, as <code> (after escaping, so nothing else becomes markup). */
const inline = (s: string) => escape(s).replace(/`([^`]+)`/g, '<code>$1</code>');

function page(title: string, body: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>` +
    '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}code{background:#f2f2f2;padding:0 .2em}dt{font-weight:600;margin-top:1rem}</style>' +
    `</head><body>${body}</body></html>\n`;
}

function typePage(type: ProblemType): string {
  const doc = PROBLEM_TYPES[type];
  return page(
    `${doc.title} (${type})`,
    `<p><a href="${PROBLEMS_PATH}">Problem types</a></p><h1>${escape(doc.title)}</h1>` +
      `<p>Problem type <code>${escape(problemTypeUri(type))}</code>, answered with status ${doc.statuses.join(' or ')}, as <code>application/problem+json</code> (RFC 9457).</p>` +
      `<h2>What it means</h2><p>${inline(doc.description)}</p><h2>What to do</h2><p>${inline(doc.action)}</p>`,
  );
}

function listPage(): string {
  const items = PROBLEM_TYPE_SLUGS.map((t) => `<dt><a href="${escape(problemTypeUri(t))}">${escape(PROBLEM_TYPES[t].title)}</a> <code>${escape(problemTypeUri(t))}</code> (${PROBLEM_TYPES[t].statuses.join(', ')})</dt><dd>${inline(PROBLEM_TYPES[t].action)}</dd>`);
  return page('Problem types', `<h1>Problem types</h1><p>Every error the hub answers is an RFC 9457 problem whose <code>type</code> is one of these. Each answer’s <code>detail</code> and <code>errors[]</code> say what exactly was wrong.</p><dl>${items.join('')}</dl>`);
}

/**
 * Answers JSON when the caller asks for it before HTML, HTML otherwise: a problem type URI is for
 * people to read (RFC 9457 §3.1.1: "it SHOULD provide human-readable documentation"), and a
 * browser and curl (Accept: *\/*) both get the page.
 */
const wantsJson = (req: Request) => req.accepts(['text/html', 'application/json']) === 'application/json';

/** The page or the JSON, as the caller asked; both are the same for everyone and change only with a release. */
function answer(req: Request, res: Response, json: () => unknown, html: () => string): void {
  res.set({ Vary: 'Accept', 'Cache-Control': 'public, max-age=3600' });
  if (wantsJson(req)) res.json(json());
  else res.type('text/html').send(html());
}

const problemTypeSchema = { $ref: '#/components/schemas/ProblemType' };

/**
 * The page of every problem type, at the URI the problems name (`/problems/<type>`): served by the
 * API and the gateway alike, without a credential, so every `type` either answers resolves.
 */
@ApiTags('problems')
@Controller(PROBLEMS_PATH.slice(1))
export class ProblemTypesController {
  @Get()
  @ApiOperation({ summary: 'Every problem type the hub answers with: its URI, title, statuses, what it means and what to do (HTML, or JSON for Accept: application/json)' })
  @ApiProduces('text/html', 'application/json')
  @ApiResponse({ status: 200, description: 'The list', content: { 'text/html': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'object', required: ['types'], properties: { types: { type: 'array', items: problemTypeSchema } } } } } })
  list(@Req() req: Request, @Res() res: Response): void {
    answer(req, res, () => ({ types: PROBLEM_TYPE_SLUGS.map(problemTypeJson) }), listPage);
  }

  @Get(':type')
  @ApiOperation({ summary: 'One problem type: what it means and what the caller should do (HTML, or JSON for Accept: application/json)' })
  @ApiParam({ name: 'type', enum: PROBLEM_TYPE_SLUGS })
  @ApiProduces('text/html', 'application/json')
  @ApiResponse({ status: 200, description: 'The problem type', content: { 'text/html': { schema: { type: 'string' } }, 'application/json': { schema: problemTypeSchema } } })
  @ApiResponse({ status: 404, description: 'No such problem type', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } })
  one(@Param('type') type: string, @Req() req: Request, @Res() res: Response): void {
    if (!isProblemType(type)) throw new ProblemException(404, 'not-found', 'Unknown problem type', [], `no problem type "${type}"; ${PROBLEMS_PATH} lists them`);
    answer(req, res, () => problemTypeJson(type), () => typePage(type));
  }
}
